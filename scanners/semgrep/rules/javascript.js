// Test cases for javascript.yml (semgrep --test): "ruleid:" lines must match, "ok:" lines must not.
// Written in the shapes of OutSystems client code: AMD screen modules (*.mvc.js), widget scripts and jQuery 1.x code.
define("Shop.Orders.Search.mvc$controller", ["OutSystems/ClientRuntime/Main", "Shop.model", "Shop.controller"], function (OS, ShopModel, ShopController) {
  var Controller = (function (_super) {
    __extends(Controller, _super);
    function Controller() { _super.apply(this, arguments); }
    Controller.prototype.onReady = function (userInput, el, $, response) {
      // ruleid: ossast.js.code-injection.eval
      eval(userInput);
      // ruleid: ossast.js.code-injection.eval
      var f = new Function("a", userInput);
      // ruleid: ossast.js.code-injection.eval
      setTimeout("doWork(" + userInput + ")", 10);
      // ok: ossast.js.code-injection.eval
      setTimeout(function () { doWork(); }, 10);
      // ok: ossast.js.code-injection.eval
      eval("1 + 1");
      // ok: ossast.js.code-injection.eval
      var getter = new Function("o", "return o.value;");

      // ruleid: ossast.js.xss.dom-sink
      el.innerHTML = userInput;
      // ruleid: ossast.js.xss.dom-sink
      document.write("<p>" + userInput + "</p>");
      // ruleid: ossast.js.xss.dom-sink
      $("#out").html(userInput);
      // ruleid: ossast.js.xss.dom-sink
      $("#list").append("<li>" + userInput + "</li>");
      // ruleid: ossast.js.xss.dom-sink
      $("#list").prepend(`<li>${userInput}</li>`);
      // ruleid: ossast.js.xss.dom-sink
      el.insertAdjacentHTML("beforeend", $parameters.Html);
      // ruleid: ossast.js.xss.dom-sink
      el.outerHTML = "<div>" + model.variables.commentVar + "</div>";
      // ruleid: ossast.js.xss.dom-sink
      frame.srcdoc = $parameters.Preview;
      // ruleid: ossast.js.xss.dom-sink
      var frag = document.createRange().createContextualFragment(vars.value.bodyInLocal);
      // ok: ossast.js.xss.dom-sink
      var fixedFrag = document.createRange().createContextualFragment("<hr>");
      // ok: ossast.js.xss.dom-sink
      el.innerHTML = "<b>static</b>";
      // ok: ossast.js.xss.dom-sink
      el.textContent = userInput;
      // ok: ossast.js.xss.dom-sink
      $("#list").append(document.createElement("li"));
      // ok: ossast.js.xss.dom-sink
      $("#list").append($row);
      // ok: ossast.js.xss.dom-sink
      el.innerHTML = OS.DataConversion.JSConversions.escapeHtml(userInput);
      // ok: ossast.js.xss.dom-sink
      clone.innerHTML = el.innerHTML;

      // ruleid: ossast.js.xss.jquery-html-selector
      var node = $("<div class='" + userInput + "'>");
      // ruleid: ossast.js.xss.jquery-html-selector
      var tab = $(location.hash);
      // ok: ossast.js.xss.jquery-html-selector
      var fixed = $("#static");
      // ok: ossast.js.xss.jquery-html-selector
      var row = $("#" + this.widgetId + " .os-row");

      // ruleid: ossast.js.random.insecure
      var sessionToken = Math.random().toString(36).slice(2);
      // ok: ossast.js.random.insecure
      var jitter = Math.random() * 100;
      // ok: ossast.js.random.insecure
      var widgetId = "w" + Math.floor(Math.random() * 1000000);

      // ruleid: ossast.js.secrets.hardcoded-credential
      var apiKey = "AIzaSyD-9tSrke72PouQMnMX";
      // ruleid: ossast.js.secrets.hardcoded-credential
      var cfg = { clientSecret: "s3cr3t-value-123" };
      // ok: ossast.js.secrets.hardcoded-credential
      var password = OS.Variables.get("password");
      // ok: ossast.js.secrets.hardcoded-credential
      var labels = { password: "Enter your password" };
      // ok: ossast.js.secrets.hardcoded-credential
      var field = { pwd: "passwordInput" };
      // ok: ossast.js.secrets.hardcoded-credential
      send({ apiKey: apiKey, clientSecret: cfg.clientSecret });

      // ruleid: ossast.js.info-exposure.dialog
      alert(error.stack);
      // ruleid: ossast.js.info-exposure.dialog
      alert("Failed: " + response.responseText);
      // ok: ossast.js.info-exposure.dialog
      alert("Saved.");
      // ok: ossast.js.info-exposure.dialog
      alert(OS.Messages.get("OrderSaved") + " " + orderNumber);

      // ruleid: ossast.js.postmessage.wildcard-origin
      window.parent.postMessage(data, "*");
      // ok: ossast.js.postmessage.wildcard-origin
      window.parent.postMessage(data, "https://shop.example.com");
    };
    return Controller;
  })(OS.Controller.BaseViewController);
  return new OS.Controller.ControllerFactory(Controller);
});
