import tomllib
from pathlib import Path

from django.db import migrations

LIBRARY = Path(__file__).resolve().parent.parent / "library" / "library.toml"

# The wording these practices shipped with before they were rewritten: one that pressed for a
# talk that may not be safe, one that made a "no" wait for agreement, and one that added
# urgency to seeing a therapist. A row still holding it exactly was never edited by an admin.
SHIPPED_BEFORE = {
    "naming-duty-sex": 'Many long-term couples drift into what is sometimes called *duty sex*: intimacy that happens out of obligation or pressure rather than real wanting. The same can happen with other kinds of closeness. It is common, and it is nobody\'s failing.\n\n1. First, notice it for yourself. When did closeness feel like something to get through? What made it hard to say so?\n2. When you feel ready, choose a calm, unhurried time to bring it up. You might begin: "I want us both to enjoy being close, and lately I have sometimes been going along with it instead."\n3. Talk about what each of you actually wants, which may be less, something different, or a pause.\n\n*Why it helps:* intimacy out of duty tends to breed resentment, distance and loneliness for both people. Saying so gently, without blame, is often the first step back.',
    "make-no-safe-to-say": 'Closeness only feels freely chosen when saying no carries no penalty.\n\n1. Agree together that either of you can say "not now" or "not that" to any kind of intimacy, and that it will be met kindly, with no sulking, pressure or keeping score.\n2. Pick a few words that feel easy to say, such as "Could we just cuddle instead?" or "Not tonight, and I love you."\n3. When you hear a no, thank your partner for being honest. When you say one, you can offer something you would like instead, if there is something.\n\n*Why it helps:* when partners cannot comfortably say what they feel, they can keep going along with intimacy neither of them enjoys, and the distance between them grows. A safe no makes every yes mean more.',
    "when-to-look-for-a-therapist": "Seeing a therapist about intimacy is common and sensible, not a sign that your relationship has failed. It can help when talking on your own keeps going in circles, when closeness has felt like a duty for a long time, or when past hurt, stress or low mood gets in the way. Problems like these tend to grow harder the longer they wait.\n\nCouples and sex therapists are licensed mental health professionals who work through talk therapy. Sessions are conversation only, with no nudity or physical contact, and you may get small exercises to try at home between them.\n\nTo find one, check that they are licensed where you live, look for specific training in couples or sex therapy, and ask about their approach in a first call. Many also work online.\n\nIf you ever feel unsafe with your partner, reach out to a local support service first.",
}


def rewrite_unedited(apps, schema_editor):
    """Give practices still worded as shipped the library's current wording; an admin's edit
    is kept."""
    Practice = apps.get_model("content", "Practice")
    if not LIBRARY.exists():
        return
    with LIBRARY.open("rb") as library_file:
        library = tomllib.load(library_file)
    # The library as it is when this runs: a later rewording of the same practice, or its
    # removal, is taken as it stands.
    current = {item["slug"]: item["body"].strip() for item in library.get("practices", [])}
    for slug, shipped in SHIPPED_BEFORE.items():
        if slug in current:
            Practice.objects.filter(slug=slug, body=shipped).update(body=current[slug])


class Migration(migrations.Migration):
    dependencies = [("content", "0004_safety_defaults")]

    operations = [migrations.RunPython(rewrite_unedited, migrations.RunPython.noop)]
