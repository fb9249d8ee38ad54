// A package with SOAP, REST and screen services and platform endpoints, and the probe server's answers for it.
import { join } from 'node:path';
import { writeAppPackage } from '../support/zip.js';
import type { ProbeAnswer } from '../../src/demo/probe-server.js';

const asmx = (cls: string) => `<%@ WebService Language="C#" CodeBehind="x.asmx.cs" Class="${cls}" %>\n`;
const codeBehind = (cls: string, method: string) =>
  `namespace ssOrders {\n  [WebService(Namespace = "http://tempuri.org/")]\n  public class ${cls} : System.Web.Services.WebService {\n    [WebMethod]\n    public string ${method}(string id) { return id; }\n  }\n}\n`;
const swagger = (module: string, api: string) => JSON.stringify({ swagger: '2.0', basePath: `/${module}/rest/${api}`, paths: { '/GetOrders': { get: { operationId: 'GetOrders' } } } });
const clientScript =
  'define("Orders.MainFlow.Home.mvc$controller", [], function () {\n' +
  '  Controller.prototype.checkPermissions = function () {\n  };\n' +
  '  return controller.callDataAction("DataActionGetOrders", "screenservices/Orders/MainFlow/Home/DataActionGetOrders", "hash", {});\n});\n';

/** Orders: PartnerService (reachable, unlisted: the finding), Internal (403), OrdersAPI (REST, 404), a screen service open to Anonymous, _debugger (plumbing). SecurityUtils.Report: reachable, allow-listed by the built-in list. */
export async function writeExposurePackage(dir: string): Promise<string> {
  return writeAppPackage(join(dir, 'Shop.zip'), {
    Orders: {
      'PartnerService.asmx': asmx('ssOrders.PartnerService'),
      'PartnerService.asmx.cs': codeBehind('PartnerService', 'GetOrder'),
      'Internal.asmx': asmx('ssOrders.Internal'),
      '_debugger.asmx': asmx('OutSystems.HubEdition.DebuggerService'),
      'rest/OrdersAPISwagger.json': swagger('Orders', 'OrdersAPI'),
      'scripts/Orders.MainFlow.Home.mvc.js': clientScript,
    },
    SecurityUtils: {
      'Report.asmx': asmx('ssSecurityUtils.Report'),
      'Report.asmx.cs': codeBehind('Report', 'Submit'),
    },
  });
}

export const probeAnswers: Record<string, ProbeAnswer> = {
  '/Orders/PartnerService.asmx?WSDL': 200,
  '/Orders/Internal.asmx?WSDL': 403,
  '/SecurityUtils/Report.asmx?WSDL': 200,
};
