"""What error reports may show: no local variables at all, from any frame.

Django's SafeExceptionReporterFilter hides only variables named like secrets (or marked with
sensitive_variables), but on this site nearly every frame can hold someone's notes, scores or
partner's name: a check-in's answers, a decrypted history page, the ORM's `defaults` dict
while saving an answer. A report keeps the traceback (file, line, function), which is what
finding the bug needs; the values stay on the server. Like Django's own filter, this applies
only with DEBUG off, so a developer's local error page still shows everything.
"""

from django.views.debug import SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        if not self.is_active(request):
            return variables
        return [(name, self.cleansed_substitute) for name, _value in variables]
