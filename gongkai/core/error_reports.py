"""The error mail without the applicant's personal information in it.

Django's error mail (AdminEmailHandler) carries the request: every POST value (the public form's
name, identity number, phone, address), the query string, and the exception's message, which
can quote a value. The mail leaves the platform for an inbox; what the operator needs from it
is where the failure was, not what was typed. So, when DEBUG is off (Django's rule for when its
filter works): every POST and GET value, every uploaded file's name, every cookie (a session id
would let the mail's reader sign in) and every local variable is replaced (their names stay,
they say what was sent); the URL is shown without its query string, and the headers that repeat
it (the referer, the server's raw URI) are replaced; and long numbers anywhere in the report are
masked (core.identity.masked_numbers), as in the log lines.
"""

from __future__ import annotations

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from gongkai.core.identity import masked_numbers

# The request's headers that carry its query string (a staff search by name is a GET).
_URL_HEADERS = ("QUERY_STRING", "RAW_URI", "REQUEST_URI", "HTTP_REFERER")


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {name: self.cleansed_substitute for name in request.POST}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for name in _URL_HEADERS:
                if meta.get(name):
                    meta[name] = self.cleansed_substitute
        return meta

    def get_safe_cookies(self, request):
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return {name: self.cleansed_substitute for name in request.COOKIES}

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PersonalDataExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            hidden = self.filter.cleansed_substitute
            data["request_GET_items"] = [(name, hidden) for name in self.request.GET]
            data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
            data["request_insecure_uri"] = self._get_raw_insecure_uri().partition("?")[0]
        return data

    def get_traceback_text(self):
        return masked_numbers(super().get_traceback_text())

    def get_traceback_html(self):
        return masked_numbers(super().get_traceback_html())
