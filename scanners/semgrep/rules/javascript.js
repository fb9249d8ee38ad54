// Test cases for javascript.yml (semgrep --test): "ruleid:" lines must match, "ok:" lines must not.
define("Shop.Orders.Search.mvc", ["OutSystems/ClientRuntime/Main"], function (OS) {
  function run(userInput, el, $) {
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

    // ruleid: ossast.js.xss.dom-sink
    el.innerHTML = userInput;
    // ruleid: ossast.js.xss.dom-sink
    document.write("<p>" + userInput + "</p>");
    // ruleid: ossast.js.xss.dom-sink
    $("#out").html(userInput);
    // ok: ossast.js.xss.dom-sink
    el.innerHTML = "<b>static</b>";
    // ok: ossast.js.xss.dom-sink
    el.textContent = userInput;

    // ruleid: ossast.js.xss.jquery-html-selector
    var node = $("<div class='" + userInput + "'>");
    // ok: ossast.js.xss.jquery-html-selector
    var fixed = $("#static");

    // ruleid: ossast.js.random.insecure
    var sessionToken = Math.random().toString(36).slice(2);
    // ok: ossast.js.random.insecure
    var jitter = Math.random() * 100;

    // ruleid: ossast.js.secrets.hardcoded-credential
    var apiKey = "AIzaSyD-9tSrke72PouQMnMX";
    // ruleid: ossast.js.secrets.hardcoded-credential
    var cfg = { clientSecret: "s3cr3t-value-123" };
    // ok: ossast.js.secrets.hardcoded-credential
    var password = OS.Variables.get("password");

    // ruleid: ossast.js.info-exposure.dialog
    alert(error.stack);
    // ok: ossast.js.info-exposure.dialog
    alert("Saved.");

    // ruleid: ossast.js.postmessage.wildcard-origin
    window.parent.postMessage(data, "*");
    // ok: ossast.js.postmessage.wildcard-origin
    window.parent.postMessage(data, "https://shop.example.com");
  }
  return { run: run };
});
