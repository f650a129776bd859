from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import dimensions_for_about_page


def about_questions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "content/about_questions.html", {"dimensions": dimensions_for_about_page()}
    )
