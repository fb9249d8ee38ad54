// Test cases for javascript-client.yml, in the shapes OutSystems 11 generates for Reactive and Mobile client logic.
define("ClaimsPortal.MainFlow.ClaimDetail.mvc$controller.OnReady.RunWidgetJS", [], function () {
return function ($parameters, $actions, $roles, $public) {
// ruleid: ossast.js.code-injection.timer-or-function-input
window.setInterval($parameters.Poll, 1000);
// ruleid: ossast.js.code-injection.timer-or-function-input
setTimeout($parameters.Callback, 100);
// ruleid: ossast.js.code-injection.timer-or-function-input
var fn = Function("widget", $parameters.Script);
// ruleid: ossast.js.code-injection.timer-or-function-input
setTimeout(window.location.search.slice(1), 0);
var title = window.name;
// ruleid: ossast.js.code-injection.timer-or-function-input
setInterval(title, 500);
// ruleid: ossast.js.code-injection.timer-or-function-input
var check = Function(document.location.hash);
// ok: ossast.js.code-injection.timer-or-function-input
setTimeout(widget.location.hash, 0);
// ok: ossast.js.code-injection.timer-or-function-input
setTimeout(function () { $actions.Refresh(); }, $parameters.Delay);
// ok: ossast.js.code-injection.timer-or-function-input
setInterval(function () { $actions.Poll(); }, 5000);
// ok: ossast.js.code-injection.timer-or-function-input
setTimeout(() => $actions.Refresh(), 100);
};
});
define("ClaimsPortal.MainFlow.ClaimDetail.mvc$controller", ["OutSystems/ClientRuntime/Main", "ClaimsPortal.model"], function (OutSystems, ClaimsPortalModel) {
var OS = OutSystems.Internal;
var Controller = (function (_super) {
Controller.prototype._onReady$Action = function (callContext) {
var model = this.model;
var vars = new OS.DataTypes.VariableHolder();
// ruleid: ossast.js.code-injection.timer-or-function-input
window.setTimeout(model.variables.onDoneScriptVar, 0);
var fromUrl = location.hash.substring(1);
// ruleid: ossast.js.code-injection.timer-or-function-input
setInterval(fromUrl, 1000);
// ok: ossast.js.code-injection.timer-or-function-input
setTimeout("refreshGrid()", 1000);
// ok: ossast.js.code-injection.timer-or-function-input
setTimeout(controller.refresh$Action.bind(controller), 0);
};
return Controller;
})(OS.Controller.BaseViewController);
});
