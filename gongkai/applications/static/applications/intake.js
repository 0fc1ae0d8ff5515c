/* The applicant form (applications/_intake_fields.html: the public form and staff registration).
   A file of its own because the Content-Security-Policy runs no inline script. */
/* Shows only the applicant kind's own fields. Without JavaScript every field shows, and the
   server still checks the ones that the chosen kind needs. */
(function () {
  document.querySelectorAll("form[data-intake]").forEach(function (form) {
    function show() {
      var chosen = form.querySelector("input[name$=applicant_kind]:checked");
      form.querySelectorAll("[data-kind]").forEach(function (part) {
        part.hidden = chosen !== null && part.getAttribute("data-kind") !== chosen.value;
      });
    }
    form.addEventListener("change", function (event) {
      if (/applicant_kind$/.test(event.target.name)) { show(); }
    });
    form.addEventListener("submit", function () {
      /* A second click does no harm (the submission key), but says "sent" sooner. */
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
    show();
  });
})();
