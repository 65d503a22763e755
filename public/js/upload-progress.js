// The progress of a file being sent (forms marked data-upload-progress, e.g. the housing
// import): the form is sent by XMLHttpRequest, whose upload events move the form's <progress>.
// The server checks the file as it arrives, so what has been sent has been checked. Without
// this script (or JavaScript) the form is sent as it is, and everything works but the bar.
// The answer replaces the page as a normal submission would: a redirect is followed to its
// page, any other answer (a file's problems, too large a file) is shown in place.
(function () {
  'use strict';

  function showAnswer(request) {
    var sentTo = request.responseURL || '';
    // A redirect was followed: open where it led, as the browser would have.
    if (request.status >= 200 && request.status < 300 && sentTo && sentTo !== request.sentFrom) {
      window.location.assign(sentTo);
      return;
    }
    var answer = new window.DOMParser().parseFromString(request.responseText, 'text/html');
    document.title = answer.title;
    document.body.replaceWith(document.adoptNode(answer.body));
    enhance(document);
    var focusTarget = document.querySelector('.error-summary') || document.querySelector('h1');
    if (focusTarget) {
      if (!focusTarget.hasAttribute('tabindex')) focusTarget.setAttribute('tabindex', '-1');
      focusTarget.focus();
    }
  }

  function send(form, event) {
    var box = form.querySelector('.upload-progress');
    var bar = box && box.querySelector('progress');
    if (!bar || typeof window.FormData === 'undefined') return;
    event.preventDefault();
    var status = box.querySelector('.upload-progress__status');
    var button = form.querySelector('button[type="submit"]');
    var request = new window.XMLHttpRequest();
    request.sentFrom = form.action;
    request.open('POST', form.action);
    request.upload.addEventListener('progress', function (progress) {
      if (!progress.lengthComputable) return;
      var percent = Math.floor((progress.loaded / progress.total) * 100);
      bar.value = percent;
      bar.textContent = percent + '%';
    });
    request.upload.addEventListener('load', function () {
      bar.value = 100;
      if (status) status.textContent = bar.getAttribute('data-sent');
    });
    request.addEventListener('load', function () {
      showAnswer(request);
    });
    request.addEventListener('error', function () {
      // The connection failed: send the form the ordinary way, so the browser says what happened.
      form.removeAttribute('data-upload-progress');
      form.submit();
    });
    box.hidden = false;
    if (button) button.disabled = true;
    request.send(new window.FormData(form));
  }

  function enhance(root) {
    var forms = root.querySelectorAll('form[data-upload-progress]');
    for (var i = 0; i < forms.length; i += 1) {
      (function (form) {
        form.addEventListener('submit', function (event) {
          if (form.hasAttribute('data-upload-progress')) send(form, event);
        });
      })(forms[i]);
    }
  }

  enhance(document);
})();
