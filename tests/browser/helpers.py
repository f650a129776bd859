import re

from django.core import mail
from playwright.sync_api import Page, expect

PASSWORD = "a sturdy passphrase 42"


def sign_up_and_confirm(
    page: Page, base_url: str, email: str, name: str, *, go_to_form: bool = True
) -> None:
    """Sign up through the real pages and follow the verification link from the outbox."""
    if go_to_form:
        page.goto(f"{base_url}/accounts/signup/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Your name:").fill(name)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"Successfully signed in as {email}.")).to_be_visible()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
