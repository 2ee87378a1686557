/*
 * ISO điện tử: small progressive enhancements shared by every page.
 * The CSP is strict (script-src 'self'; style-src 'self'): templates carry no inline script,
 * no style="" and no on* handlers; behaviour hangs off data- attributes handled here.
 *
 *   data-confirm="Câu hỏi?"       on a form, button or link: ask before going on (Bootstrap modal)
 *   data-confirm-variant="danger" optional: colour of the confirm button (default: primary,
 *                                 or danger when the element is a .btn-danger / .btn-outline-danger)
 *   <select data-autosubmit>      submit the enclosing form on change (also any select, checkbox,
 *                                 radio or date input inside a [data-autosubmit] container)
 *   <tr data-href="/url/">        the whole row opens the URL (links and buttons inside keep working)
 *   data-bs-toggle="tooltip"      Bootstrap tooltip
 *   <canvas data-chart="ID">      a Chart.js chart whose config {type, data, options} is in
 *                                 {{ value|json_script:"ID" }}; load vendor/chartjs/chart.umd.js
 *                                 in {% block extra_js %} on that page.
 *   <input data-datepicker>       a dd/mm/yyyy text field (qms.core.widgets.DateInput) gets a
 *                                 calendar (flatpickr) in the page's language; typing still works
 *                                 (21/11/2026, 21-11-2026, 2026-11-21); data-max="dd/mm/yyyy"
 *   <table class="table">         put in a .table-responsive box when it is not in one already
 *   <input type="file">           shown as a Vietnamese "Chọn tệp / Chưa chọn tệp" control (the
 *                                 native one speaks the browser's language); texts from the
 *                                 body's data-file-* attributes
 *
 * htmx requests carry the CSRF token header (X-CSRFToken).
 */
(function () {
  "use strict";

  var HTMX_VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];

  function bodyText(name, fallback) {
    var value = document.body && document.body.getAttribute("data-" + name);
    return value || fallback;
  }

  // ---- CSRF ------------------------------------------------------------------------------
  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.substring(0, name.length + 1) === name + "=") {
        return decodeURIComponent(part.substring(name.length + 1));
      }
    }
    return null;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    var fromMeta = meta && meta.getAttribute("content");
    if (fromMeta && fromMeta !== "NOTPROVIDED") {
      return fromMeta;
    }
    return readCookie("csrftoken");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // ---- Confirmation ----------------------------------------------------------------------
  var modalEl = null;
  var modalResolve = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function buildModal() {
    var modal = el("div", "modal fade");
    modal.id = "qms-confirm-modal";
    modal.tabIndex = -1;
    modal.setAttribute("aria-hidden", "true");
    modal.setAttribute("aria-labelledby", "qms-confirm-title");
    var dialog = el("div", "modal-dialog modal-dialog-centered");
    var content = el("div", "modal-content");
    var header = el("div", "modal-header");
    var title = el("h2", "modal-title fs-5", bodyText("confirm-title", "Xác nhận"));
    title.id = "qms-confirm-title";
    var close = el("button", "btn-close");
    close.type = "button";
    close.setAttribute("data-bs-dismiss", "modal");
    close.setAttribute("aria-label", bodyText("confirm-close", "Đóng"));
    header.appendChild(title);
    header.appendChild(close);
    var body = el("div", "modal-body");
    body.appendChild(el("p", "mb-0 qms-confirm-message"));
    var footer = el("div", "modal-footer");
    var cancel = el("button", "btn btn-outline-secondary", bodyText("confirm-cancel", "Hủy"));
    cancel.type = "button";
    cancel.setAttribute("data-bs-dismiss", "modal");
    var ok = el("button", "btn btn-primary qms-confirm-ok", bodyText("confirm-ok", "Đồng ý"));
    ok.type = "button";
    footer.appendChild(cancel);
    footer.appendChild(ok);
    content.appendChild(header);
    content.appendChild(body);
    content.appendChild(footer);
    dialog.appendChild(content);
    modal.appendChild(dialog);
    document.body.appendChild(modal);

    ok.addEventListener("click", function () {
      settle(true);
      window.bootstrap.Modal.getOrCreateInstance(modal).hide();
    });
    modal.addEventListener("hidden.bs.modal", function () {
      settle(false);
    });
    modal.addEventListener("shown.bs.modal", function () {
      ok.focus();
    });
    return modal;
  }

  function settle(answer) {
    var resolve = modalResolve;
    modalResolve = null;
    if (resolve) {
      resolve(answer);
    }
  }

  function variantFor(source) {
    var wanted = source && source.getAttribute("data-confirm-variant");
    if (wanted) {
      return wanted;
    }
    if (source && source.classList && (source.classList.contains("btn-danger") || source.classList.contains("btn-outline-danger"))) {
      return "danger";
    }
    return "primary";
  }

  /** Ask `message`; calls back with true or false. Falls back to window.confirm. */
  function ask(message, source, callback) {
    if (!window.bootstrap || !window.bootstrap.Modal) {
      callback(window.confirm(message));
      return;
    }
    if (modalResolve) {
      return; // a question is already open
    }
    modalEl = modalEl || buildModal();
    modalEl.querySelector(".qms-confirm-message").textContent = message;
    var ok = modalEl.querySelector(".qms-confirm-ok");
    ok.className = "btn btn-" + variantFor(source) + " qms-confirm-ok";
    modalResolve = callback;
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  }

  function htmxHandles(node) {
    if (!window.htmx) {
      return false;
    }
    for (var i = 0; i < HTMX_VERBS.length; i++) {
      if (node.hasAttribute(HTMX_VERBS[i]) || node.hasAttribute("data-" + HTMX_VERBS[i])) {
        return true;
      }
    }
    if (node.matches("a[href], form") && node.closest('[hx-boost="true"], [data-hx-boost="true"]')) {
      return true;
    }
    return false;
  }

  var confirmed = new WeakSet();

  // Links and buttons (not htmx-driven): stop the click, ask, then click again for real.
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target.closest && event.target.closest("[data-confirm]");
      if (!target || target.tagName === "FORM" || htmxHandles(target)) {
        return;
      }
      if (confirmed.has(target)) {
        confirmed.delete(target);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(target.getAttribute("data-confirm"), target, function (yes) {
        if (yes) {
          confirmed.add(target);
          target.click();
        }
      });
    },
    true
  );

  // Forms (not htmx-driven): stop the submit, ask, then submit again with the same button.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-confirm]") || htmxHandles(form)) {
        return;
      }
      var submitter = event.submitter || null;
      if (confirmed.has(form)) {
        confirmed.delete(form);
        return;
      }
      if (submitter && submitter.hasAttribute("data-confirm")) {
        return; // the button's own question was already answered
      }
      event.preventDefault();
      ask(form.getAttribute("data-confirm"), submitter || form, function (yes) {
        if (!yes) {
          return;
        }
        confirmed.add(form);
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
    },
    true
  );

  // htmx-driven elements: htmx asks us before issuing the request.
  document.addEventListener("htmx:confirm", function (event) {
    var source = event.detail && event.detail.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-confirm")) {
      return;
    }
    event.preventDefault();
    ask(source.getAttribute("data-confirm"), source, function (yes) {
      if (yes) {
        event.detail.issueRequest(true);
      }
    });
  });

  // ---- Auto-submitting filters -----------------------------------------------------------
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.form || !field.closest) {
      return;
    }
    var direct = field.matches("[data-autosubmit]");
    // Inside a marked container only choice controls submit: free text waits for Enter.
    var choice = field.matches(
      "select, input[type=checkbox], input[type=radio], input[type=date], input[type=month], input[data-datepicker]"
    );
    if (!direct && !(choice && field.closest("[data-autosubmit]"))) {
      return;
    }
    var form = field.form;
    var page = form.querySelector('input[name="page"]');
    if (page) {
      page.value = "";
    }
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });

  // ---- Clickable rows --------------------------------------------------------------------
  var INTERACTIVE = "a, button, input, select, textarea, label, summary, [role='button'], [data-bs-toggle], [data-no-row-link]";

  function sameOriginHref(row) {
    var href = row.getAttribute("data-href");
    if (!href) {
      return null;
    }
    try {
      var url = new URL(href, window.location.href);
      return url.origin === window.location.origin ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function openRow(row, newTab) {
    var href = sameOriginHref(row);
    if (!href) {
      return;
    }
    if (newTab) {
      window.open(href, "_blank", "noopener");
    } else {
      window.location.assign(href);
    }
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) {
      return;
    }
    var row = event.target.closest && event.target.closest("tr[data-href]");
    if (!row || event.target.closest(INTERACTIVE)) {
      return;
    }
    if (window.getSelection && String(window.getSelection()).length > 0) {
      return; // the user is selecting text, not navigating
    }
    openRow(row, event.ctrlKey || event.metaKey);
  });

  document.addEventListener("auxclick", function (event) {
    var row = event.button === 1 && event.target.closest && event.target.closest("tr[data-href]");
    if (row && !event.target.closest(INTERACTIVE)) {
      openRow(row, true);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    var row = event.target.matches && event.target.matches("tr[data-href]") ? event.target : null;
    if (row) {
      event.preventDefault();
      openRow(row, event.ctrlKey || event.metaKey);
    }
  });

  // ---- Per-fragment initialisation (page load and every htmx swap) ----------------------
  function each(root, selector, fn) {
    if (root.matches && root.matches(selector)) {
      fn(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll(selector).forEach(fn);
    }
  }

  function initCharts(root) {
    if (!window.Chart) {
      return;
    }
    each(root, "canvas[data-chart]", function (canvas) {
      if (window.Chart.getChart(canvas)) {
        return;
      }
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      try {
        new window.Chart(canvas, JSON.parse(source.textContent));
      } catch (error) {
        if (window.console) {
          window.console.error("chart", error);
        }
      }
    });
  }

  // ---- Dates: dd/mm/yyyy whatever the browser's locale ---------------------------------------
  // Day first; a two-digit year is 20xx; the ISO form too. Impossible dates (31/02) are refused.
  function parseDate(text) {
    var value = String(text || "").trim();
    var day, month, year;
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{2}|\d{4})$/.exec(value);
    if (m) {
      day = +m[1];
      month = +m[2];
      year = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    } else {
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
      if (!m) {
        return undefined;
      }
      year = +m[1];
      month = +m[2];
      day = +m[3];
    }
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
      return undefined;
    }
    return date;
  }

  function initDatePicker(input) {
    if (!window.flatpickr || input._flatpickr) {
      return;
    }
    var vietnamese = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
    var l10ns = window.flatpickr.l10ns || {};
    var picker = window.flatpickr(input, {
      locale: vietnamese && l10ns.vn ? l10ns.vn : "default",
      dateFormat: "d/m/Y",
      allowInput: true,
      // Opened by a click (or Alt+↓), not by focus: typing a date needs no calendar in the way.
      clickOpens: false,
      // Phones would get the native picker, which follows the browser's locale (mm/dd/yyyy).
      disableMobile: true,
      maxDate: input.getAttribute("data-max") || null,
      parseDate: parseDate,
      errorHandler: function () {},
      // flatpickr clears what it cannot read: put the typed text back for the server to explain.
      onValueUpdate: function (dates) {
        if (!dates.length && typed) {
          input.value = typed;
        }
      },
    });
    var typed = input.value;
    input.addEventListener("input", function () {
      typed = input.value;
    });
    input.addEventListener("click", function () {
      picker.open();
    });
    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") {
        event.preventDefault();
        picker.open();
      }
    });
  }

  // ---- File inputs: "Chọn tệp / Chưa chọn tệp" in the page's language --------------------------
  function fileSummary(input) {
    var files = input.files || [];
    if (!files.length) {
      return bodyText("file-none", "Chưa chọn tệp");
    }
    if (files.length === 1) {
      return files[0].name;
    }
    return bodyText("file-many", "%s tệp").replace("%s", String(files.length));
  }

  function initFileInput(input) {
    if (input.closest(".qms-file")) {
      return;
    }
    var box = el("div", "qms-file");
    if (input.classList.contains("is-invalid")) {
      box.classList.add("is-invalid");
    }
    if (input.classList.contains("form-control-sm")) {
      box.classList.add("qms-file-sm");
    }
    var button = el("span", "qms-file-button");
    var icon = el("i", "bi bi-folder2-open");
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(icon);
    button.appendChild(document.createTextNode(" " + bodyText("file-choose", "Chọn tệp")));
    button.setAttribute("aria-hidden", "true");
    var name = el("span", "qms-file-name", fileSummary(input));
    name.setAttribute("aria-hidden", "true");
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(name);
    input.classList.add("qms-file-input");
    input.addEventListener("change", function () {
      name.textContent = fileSummary(input);
      box.classList.toggle("qms-file-chosen", !!(input.files && input.files.length));
    });
    if (input.form) {
      input.form.addEventListener("reset", function () {
        window.setTimeout(function () {
          name.textContent = fileSummary(input);
        }, 0);
      });
    }
  }

  // ---- Wide tables scroll in their own box -----------------------------------------------------
  // A table not already in a .table-responsive gets one, so a phone scrolls the table, not the page.
  function wrapTable(table) {
    if (table.closest(".table-responsive") || table.classList.contains("qms-doc-header")) {
      return;
    }
    var box = el("div", "table-responsive");
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }

  function init(root) {
    root = root || document.body;
    each(root, "table.table", wrapTable);
    each(root, "input[data-datepicker]", initDatePicker);
    each(root, "input[type=file]", initFileInput);
    if (window.bootstrap && window.bootstrap.Tooltip) {
      each(root, '[data-bs-toggle="tooltip"]', function (node) {
        window.bootstrap.Tooltip.getOrCreateInstance(node);
      });
    }
    each(root, "tr[data-href]", function (row) {
      if (!row.hasAttribute("tabindex")) {
        row.tabIndex = 0;
      }
    });
    initCharts(root);
  }

  // Do not leave tooltips or charts behind when htmx removes their element.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var node = event.target;
    if (window.bootstrap && window.bootstrap.Tooltip) {
      var tip = window.bootstrap.Tooltip.getInstance(node);
      if (tip) {
        tip.dispose();
      }
    }
    if (node._flatpickr) {
      node._flatpickr.destroy();
    }
    if (window.Chart && node.tagName === "CANVAS") {
      var chart = window.Chart.getChart(node);
      if (chart) {
        chart.destroy();
      }
    }
  });

  // htmx does not swap error responses: say something instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    showMessage(bodyText("htmx-error", "Có lỗi xảy ra, vui lòng thử lại.") + (status ? " (" + status + ")" : ""));
  });
  document.addEventListener("htmx:sendError", function () {
    showMessage(bodyText("htmx-offline", "Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại."));
  });

  function showMessage(text) {
    var box = document.getElementById("messages");
    if (!box) {
      window.alert(text);
      return;
    }
    var alert = el("div", "alert alert-danger alert-dismissible fade show");
    alert.setAttribute("role", "alert");
    alert.appendChild(document.createTextNode(text));
    var close = el("button", "btn-close");
    close.type = "button";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", bodyText("confirm-close", "Đóng"));
    alert.appendChild(close);
    box.appendChild(alert);
  }

  if (window.htmx && typeof window.htmx.onLoad === "function") {
    // htmx calls this for the body at start-up and for every swapped-in fragment.
    window.htmx.onLoad(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document.body);
    });
  } else {
    init(document.body);
  }
})();
