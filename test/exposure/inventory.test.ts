// The inventory from source: the demo corpus listed exactly, each kind of endpoint, platform plumbing apart, unknowns, hostile files.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryOf } from '../../src/exposure/inventory.js';
import { exposureReportSchema, sourceEndpointSchema } from '../../src/model/exposure.js';
import { parseCheckPermissions } from '../../src/exposure/screen-services.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { packageRoot } from '../../src/util/version.js';
import { runCli } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { PLATFORM_ENDPOINTS, writePlatformModules } from './platform-modules.js';

const target = (root: string, app: string, module: string): SourceTarget => ({ id: `${app}/${module}`, application: app, module, dir: join(root, app, module), origin: { kind: 'folder', path: root } });

describe('inventory of the demo corpus (demo/app/CustomerPortal)', () => {
  const root = join(packageRoot(), 'demo', 'app');
  const targets = ['CustomerPortal', 'CustomerPortal_Core', 'CustomerPortal_Reactive'].map((m) => target(root, 'CustomerPortal', m));

  it('lists every SOAP service, REST API and screen service, in order, with platform plumbing marked apart', async () => {
    const log = createMemoryLogger();
    const inv = await inventoryOf(root, targets, { log });
    expect(inv.map((e) => [e.name, e.kind, e.path, e.file, e.platform])).toEqual([
      ['CustomerPortal.OrdersAPI', 'rest', '/CustomerPortal/rest/OrdersAPI', 'CustomerPortal/CustomerPortal/CustomServices/RESTExpose/CsRESTExpose.CsOrdersAPIController.cs', false],
      ['CustomerPortal.CustomerService', 'soap', '/CustomerPortal/CustomerService.asmx', 'CustomerPortal/CustomerPortal/CustomerService.asmx', false],
      ['CustomerPortal._debugger', 'soap', '/CustomerPortal/_debugger.asmx', 'CustomerPortal/CustomerPortal/_debugger.asmx', true],
      [
        'CustomerPortal_Reactive.MainFlow.Orders.ActionSaveNote',
        'screen-service',
        '/CustomerPortal_Reactive/screenservices/CustomerPortal_Reactive/MainFlow/Orders/ActionSaveNote',
        'CustomerPortal/CustomerPortal_Reactive/scripts/CustomerPortal_Reactive.MainFlow.Orders.mvc.js',
        false,
      ],
      [
        'CustomerPortal_Reactive.MainFlow.Orders.DataActionGetOrders',
        'screen-service',
        '/CustomerPortal_Reactive/screenservices/CustomerPortal_Reactive/MainFlow/Orders/DataActionGetOrders',
        'CustomerPortal/CustomerPortal_Reactive/scripts/CustomerPortal_Reactive.MainFlow.Orders.mvc.js',
        false,
      ],
      [
        'CustomerPortal_Reactive.MainFlow.Orders.ScreenDataSetGetOrderLines',
        'screen-service',
        '/CustomerPortal_Reactive/screenservices/CustomerPortal_Reactive/MainFlow/Orders/ScreenDataSetGetOrderLines',
        'CustomerPortal/CustomerPortal_Reactive/scripts/CustomerPortal_Reactive.MainFlow.Orders.mvc.js',
        false,
      ],
      [
        'CustomerPortal_Reactive.MainFlow.TrackOrder.DataActionGetOrderStatus',
        'screen-service',
        '/CustomerPortal_Reactive/screenservices/CustomerPortal_Reactive/MainFlow/TrackOrder/DataActionGetOrderStatus',
        'CustomerPortal/CustomerPortal_Reactive/scripts/CustomerPortal_Reactive.MainFlow.TrackOrder.mvc.js',
        false,
      ],
    ]);
    // The Reactive module ships shred.bundle.js (swagger-ui) but names no REST API: said, not guessed.
    expect(log.lines).toEqual([
      'exposure inventory: "CustomerPortal/CustomerPortal_Reactive/scripts/shred.bundle.js": module "CustomerPortal/CustomerPortal_Reactive" ships the swagger-ui bundle that comes with exposed REST APIs, but its source names no REST API (no rest/<API> controller or <API>Swagger.json); if it exposes one, it is not in this inventory',
    ]);
    for (const e of inv) {
      expect(sourceEndpointSchema.parse(e)).toEqual(e);
      expect(e.internalOnly).toBe('unknown');
      expect(e.target).toBe(`CustomerPortal/${e.module}`);
    }
  });

  it('SOAP: the .asmx joined with its code-behind (class, web methods, WSDL URL), line of the directive', async () => {
    const inv = await inventoryOf(root, targets);
    const soap = inv.find((e) => e.name === 'CustomerPortal.CustomerService');
    expect(soap).toMatchObject({
      module: 'CustomerPortal',
      line: 1,
      details: { wsdl: '/CustomerPortal/CustomerService.asmx?WSDL', class: 'ssCustomerPortal.WSCustomerService', codeBehind: 'CustomerPortal/CustomerPortal/CustomerService.asmx.cs', methods: 'ImportPreferences' },
    });
    expect(inv.find((e) => e.name === 'CustomerPortal._debugger')?.details).toMatchObject({ class: 'OutSystems.HubEdition.RuntimePlatform.Debugger.DebuggerService' });
  });

  it('REST: the controller joined with its swagger document; methods with verbs, documentation and a method path for probing', async () => {
    const inv = await inventoryOf(root, targets);
    expect(inv.find((e) => e.name === 'CustomerPortal.OrdersAPI')).toMatchObject({
      line: 13,
      details: {
        documentation: '/CustomerPortal/rest/OrdersAPI/',
        swagger: '/CustomerPortal/rest/OrdersAPI/swagger.json',
        methods: 'GET GetOrder, POST orders/{OrderId}/cancel (CancelOrder)',
        methodPath: '/CustomerPortal/rest/OrdersAPI/GetOrder',
        controller: 'CustomerPortal/CustomerPortal/CustomServices/RESTExpose/CsRESTExpose.CsOrdersAPIController.cs',
        swaggerFile: 'CustomerPortal/CustomerPortal/CustomServices/RESTExpose/embedded/OrdersAPISwagger.json',
      },
    });
  });

  it("screen services: the screen's roles from checkPermissions (Registered; Anonymous where no role is checked), the action type, the line of the call", async () => {
    const inv = await inventoryOf(root, targets);
    const byName = new Map(inv.map((e) => [e.name, e]));
    expect(byName.get('CustomerPortal_Reactive.MainFlow.Orders.DataActionGetOrders')).toMatchObject({ roles: ['Registered'], details: { type: 'data-action', roleCheck: 'registered users (checkRegistered)' } });
    expect(byName.get('CustomerPortal_Reactive.MainFlow.Orders.ActionSaveNote')).toMatchObject({ roles: ['Registered'], details: { type: 'server-action' } });
    expect(byName.get('CustomerPortal_Reactive.MainFlow.Orders.ScreenDataSetGetOrderLines')).toMatchObject({ roles: ['Registered'], details: { type: 'aggregate' } });
    expect(byName.get('CustomerPortal_Reactive.MainFlow.TrackOrder.DataActionGetOrderStatus')).toMatchObject({ roles: ['Anonymous'], line: 13, details: { roleCheck: 'none (checkPermissions is empty)' } });
  });
});

describe('the five endpoints OutSystems keeps public by design', () => {
  it('are inventoried as <Module>.<Interface> from each shape (asmx + code-behind, code-behind only, controller, swagger 2.0, OpenAPI 3)', async () => {
    const root = tempDir();
    const inv = await inventoryOf(root, writePlatformModules(root));
    expect(inv.filter((e) => !e.platform).map((e) => ({ name: e.name, kind: e.kind, path: e.path }))).toEqual(PLATFORM_ENDPOINTS.map((e) => ({ ...e })));
    expect(inv.filter((e) => e.platform).map((e) => e.name)).toEqual(['LifeTimeServices._debugger']);
    const byName = new Map(inv.map((e) => [e.name, e]));
    expect(byName.get('lifetimeapi.v1')?.details).toMatchObject({ methods: 'GET applications (Applications_List), POST deployments (Deployments_Create)', methodPath: '/lifetimeapi/rest/v1/applications' });
    expect(byName.get('SecurityUtils.Report')?.details).toMatchObject({ methods: 'POST CSPReport', swaggerFile: 'Platform/SecurityUtils/rest/Report/swagger.json' });
    expect(byName.get('OutSystemsNowService.OutSystemsExpected')?.details).toMatchObject({ note: 'only the code-behind is in the package (no .asmx)', methods: 'GetApplications' });
    expect(byName.get('LifeTimeServices.DeploymentManagementService')?.details).toMatchObject({ methods: 'Deployment_Start, Deployment_GetStatus' });
  });
});

describe('roles and unknowns', () => {
  it('reads each checkPermissions form; says nothing where the code does not tell', () => {
    expect(parseCheckPermissions('Controller.checkPermissions = function () {\n};')).toEqual({ roles: ['Anonymous'], check: 'none (checkPermissions is empty)' });
    expect(parseCheckPermissions('static checkPermissions() {\n}\n')).toMatchObject({ roles: ['Anonymous'] });
    expect(parseCheckPermissions('Controller.checkPermissions = function () {\nOS.RolesInfo.checkRegistered();\n};')).toMatchObject({ roles: ['Registered'] });
    expect(parseCheckPermissions('static checkPermissions() {\nOS.Authorization.ensureUserHasRole({\nroles: [AppController.default.roles.Support, AppController.default.roles.Admin]\n});\n}')).toMatchObject({ roles: ['Support', 'Admin'] });
    expect(parseCheckPermissions('Controller.checkPermissions = function () { somethingElse(); };')).toEqual({ check: 'not recognised: "somethingElse();"' });
    expect(parseCheckPermissions('var x = 1;')).toEqual({ check: 'no checkPermissions in the script' });
  });

  it("roles only for the file's own screen; a block or module script, or a call to another screen, leaves roles unknown", async () => {
    const root = tempDir();
    writeTree(root, {
      'App/Shop/scripts/Shop.Admin.Users.mvc.js':
        'define("Shop.Admin.Users.mvc", [], function () {\n' +
        'controller.callDataAction("DataActionGetUsers", "screenservices/Shop/Admin/Users/DataActionGetUsers", "h", null);\n' +
        'controller.callServerAction("Ping", "screenservices/Shop/MainFlow/Home/ActionPing", "h", {});\n' +
        'static checkPermissions() {\nOS.Authorization.ensureUserHasRole({\nroles: [ShopController.default.roles.Admin]\n});\n}\n});\n',
      'App/Shop/scripts/Shop.controller.js': 'controller.callServerAction("Log", "screenservices/Shop/ActionLogEvent", "h", {});\n',
      'App/Shop/scripts/Shop.MainFlow.Home.mvc.js': 'controller.callServerAction("Ping", "screenservices/Shop/MainFlow/Home/ActionPing", "h", {});\n',
    });
    const inv = await inventoryOf(root, [target(root, 'App', 'Shop')]);
    expect(inv.map((e) => [e.name, e.roles, e.file, e.line])).toEqual([
      ['Shop.ActionLogEvent', undefined, 'App/Shop/scripts/Shop.controller.js', 1],
      ['Shop.Admin.Users.DataActionGetUsers', ['Admin'], 'App/Shop/scripts/Shop.Admin.Users.mvc.js', 2],
      // The same service called from two files is listed once (the first file in path order).
      ['Shop.MainFlow.Home.ActionPing', undefined, 'App/Shop/scripts/Shop.Admin.Users.mvc.js', 3],
    ]);
    expect(inv.every((e) => e.internalOnly === 'unknown')).toBe(true);
  });

  it('screen services routed by a generated C# controller are listed (roles unknown: checked on the server), never as a REST API', async () => {
    const root = tempDir();
    writeTree(root, {
      'App/Shop/ScreenServices/Shop_MainFlow_Orders_Controller.cs':
        '[Route("screenservices/Shop/MainFlow/Orders")]\npublic class Shop_MainFlow_Orders_Controller : ScreenServicesApiController {\n' +
        '[HttpPost]\n[Route("DataActionGetOrders")]\n[RESTScreenServicesActionProperties(Name="GetOrders",Screen="Orders",Type=ScreenServicesActionType.DataAction)]\npublic void A() {}\n' +
        '[HttpPost]\n[Route("ActionSave")]\npublic void B() {}\n}\n',
    });
    const inv = await inventoryOf(root, [target(root, 'App', 'Shop')]);
    expect(inv.map((e) => [e.name, e.kind, e.path, e.line, e.roles, e.details?.['type']])).toEqual([
      ['Shop.MainFlow.Orders.ActionSave', 'screen-service', '/Shop/screenservices/Shop/MainFlow/Orders/ActionSave', 7, undefined, 'server-action'],
      ['Shop.MainFlow.Orders.DataActionGetOrders', 'screen-service', '/Shop/screenservices/Shop/MainFlow/Orders/DataActionGetOrders', 3, undefined, 'data-action'],
    ]);
  });

  it("a producer's block script copied into a consumer module is served by the consumer: /<Consumer>/screenservices/<Producer>/...", async () => {
    const root = tempDir();
    writeTree(root, {
      'App/Portal/scripts/Widgets.Common.Picker.mvc.js': '"screenservices/Widgets/Common/Picker/DataActionGetItems"\nstatic checkPermissions() {\n}\n',
      'Other/Admin/scripts/Widgets.Common.Picker.mvc.js': '"screenservices/Widgets/Common/Picker/DataActionGetItems"\n',
    });
    const inv = await inventoryOf(root, [target(root, 'App', 'Portal'), target(root, 'Other', 'Admin')]);
    expect(inv.map((e) => [e.name, e.module, e.target, e.path, e.details?.['producer']])).toEqual([
      ['Widgets.Common.Picker.DataActionGetItems', 'Admin', 'Other/Admin', '/Admin/screenservices/Widgets/Common/Picker/DataActionGetItems', 'Widgets'],
      ['Widgets.Common.Picker.DataActionGetItems', 'Portal', 'App/Portal', '/Portal/screenservices/Widgets/Common/Picker/DataActionGetItems', 'Widgets'],
    ]);
  });

  it('an empty module has no endpoints; a module of another application can use the same names without clash', async () => {
    const root = tempDir();
    writeTree(root, { 'A/Empty/Web.config': '<configuration/>', 'A/Svc/X.asmx': '<%@ WebService Class="ssSvc.WSX" %>', 'B/Svc2/X.asmx': '<%@ WebService Class="ssSvc2.WSX" %>' });
    const inv = await inventoryOf(root, [target(root, 'A', 'Empty'), target(root, 'A', 'Svc'), target(root, 'B', 'Svc2')]);
    expect(inv.map((e) => e.name)).toEqual(['Svc.X', 'Svc2.X']);
  });
});

describe('hostile files', () => {
  it('huge, binary and malformed files are noted and skipped; the rest of the module is still listed', async () => {
    const root = tempDir();
    writeTree(root, {
      'App/M/Good.asmx': '<%@ WebService Language="c#" Class="ssM.WSGood" %>',
      'App/M/NoDirective.asmx': 'hello',
      'App/M/Broken.asmx.cs': 'namespace ssM { public class Nothing {} }',
      'App/M/embedded/BadSwagger.json': '{"swagger": "2.0", "paths": ',
      'App/M/embedded/NotSwagger.json': '{"hello": "world"}',
      'App/M/embedded/OddSwagger.json': '{"swagger": "2.0", "basePath": "/M/rest/../../etc"}',
      'App/M/rest/swagger.json': '{"swagger": "2.0"}',
      'App/M/scripts/M.Flow.Screen.mvc.js': '"screenservices/M/../../x/y" "screenservices/M/Flow/Screen/ActionOk"',
      'App/M/Evil.RestController.cs': '[Route("rest/../../admin")]\npublic class X {}',
    });
    writeFileSync(join(root, 'App/M/Huge.asmx'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    writeFileSync(join(root, 'App/M/Binary.asmx'), Buffer.from([0x3c, 0x25, 0x40, 0x00, 0x01, 0x02]));
    const log = createMemoryLogger();
    const inv = await inventoryOf(root, [target(root, 'App', 'M')], { log });
    expect(inv.map((e) => e.name)).toEqual(['M.Flow.Screen.ActionOk', 'M.Good']);
    const text = log.lines.join('\n');
    expect(text).toContain('"App/M/Huge.asmx": skipped, 5242880 bytes, over the 4194304-byte limit');
    expect(text).toContain('"App/M/Binary.asmx": skipped, binary (holds NUL bytes)');
    expect(text).toContain('"App/M/NoDirective.asmx": no <%@ WebService %> directive; skipped');
    expect(text).toContain('"App/M/Broken.asmx.cs": no [WebService] class; skipped');
    expect(text).toMatch(/"App\/M\/embedded\/BadSwagger.json": not valid JSON \(.+\); skipped/);
    expect(text).toContain('"App/M/embedded/NotSwagger.json": not a swagger document ((root): neither "swagger" nor "openapi" is set); skipped');
    expect(text).toContain('"App/M/embedded/OddSwagger.json": its base path "/M/rest/../../etc" is not "/<Module>/rest/<API>"; skipped');
    expect(text).toContain('"App/M/rest/swagger.json": cannot tell which API it documents (no basePath "/<Module>/rest/<API>" and no <API>Swagger.json file name); skipped');
    expect(text).toContain('"App/M/Evil.RestController.cs": the REST route names an API "../../admin" that is not an OutSystems name; skipped');
  });

  it('names with "..", separators or control characters never become an endpoint, a path or a message as they are', async () => {
    const root = tempDir();
    writeTree(root, {
      'App/M/..evil.asmx': '<%@ WebService Class="x" %>',
      'App/M/a..b.asmx': '<%@ WebService Class="x" %>',
      'App/M/sp ace.asmx': '<%@ WebService Class="x" %>',
      'App/M/esc\u001b[31m.asmx': '<%@ WebService Class="x" %>',
      'App/M/scripts/M.F.S\u0007.mvc.js': '"screenservices/M/F/S/ActionBell"',
      'App/M/scripts/M.F.S.mvc.js': '"screenservices/M/F\u001b/S/ActionEsc" \'screenservices/M/F/S/ActionOk\'',
    });
    const log = createMemoryLogger();
    const inv = await inventoryOf(root, [target(root, 'App', 'M')], { log });
    expect(inv.map((e) => e.name)).toEqual(['M.F.S.ActionOk']);
    for (const e of inv) {
      expect(e.path).toMatch(/^(\/[A-Za-z0-9_]+)+$/);
      expect(e.file).not.toMatch(/\.\.|[\u0000-\u001f]/);
    }
    const text = log.lines.join('\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('"App/M/..evil.asmx": the file name is not an OutSystems service name');
    expect(text).toContain('"App/M/esc\\u001b[31m.asmx": the path holds control characters; skipped');
  });

  it('links and FIFOs are neither followed nor opened; a target outside the source root is refused', async () => {
    const root = tempDir();
    const outside = tempDir();
    writeTree(outside, { 'Secret.asmx': '<%@ WebService Class="ssOut.WSSecret" %>', 'Dir/Leak.asmx': '<%@ WebService Class="ssOut.WSLeak" %>' });
    mkdirSync(join(root, 'App', 'M'), { recursive: true });
    symlinkSync(join(outside, 'Secret.asmx'), join(root, 'App/M/Secret.asmx'));
    symlinkSync(join(outside, 'Dir'), join(root, 'App/M/Dir'));
    execFileSync('mkfifo', [join(root, 'App/M/Fifo.asmx')]);
    writeTree(outside, { 'Other/Mod/Y.asmx': '<%@ WebService Class="ssMod.WSY" %>' });
    const log = createMemoryLogger();
    const inv = await inventoryOf(root, [target(root, 'App', 'M'), { ...target(outside, 'Other', 'Mod') }], { log });
    expect(inv).toEqual([]);
    expect(log.lines.join('\n')).toContain('target "Other/Mod": its folder is outside the source root; not inventoried');
  });

  it('a large script full of near-matches is read in bounded time', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'App/M/scripts'), { recursive: true });
    const chunk = '"screenservices/' + 'a'.repeat(127) + '/'.repeat(3) + ' checkPermissions() { {{{{ ';
    writeFileSync(join(root, 'App/M/scripts/M.F.S.mvc.js'), chunk.repeat(Math.floor((3.9 * 1024 * 1024) / chunk.length)) + '"screenservices/M/F/S/ActionLast"');
    const started = Date.now();
    const inv = await inventoryOf(root, [target(root, 'App', 'M')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(inv.map((e) => [e.name, e.roles])).toEqual([['M.F.S.ActionLast', undefined]]);
  });

  it('a large code-behind and controller full of near-matching attributes are read in bounded time', async () => {
    const root = tempDir();
    writeTree(root, { 'App/M/Svc.asmx': '<%@ WebService Class="ssM.WSSvc" %>' });
    const size = 3.9 * 1024 * 1024;
    const soapChunk = '[WebMethod] ' + 'a'.repeat(150) + '! ';
    writeFileSync(join(root, 'App/M/Svc.asmx.cs'), '[WebService]\nclass WSSvc {\n' + soapChunk.repeat(Math.floor(size / soapChunk.length)) + '(\n[WebMethod]\npublic string Last(string x) { return x; }\n}');
    const restChunk = '[HttpGet ' + 'x'.repeat(190) + '] [Route("' + 'y'.repeat(290) + ' ';
    writeFileSync(join(root, 'App/M/ApiController.cs'), '[Route("rest/Api")]\n' + restChunk.repeat(Math.floor(size / restChunk.length)) + '\n[HttpGet]\n[Route("Last")]\n');
    const started = Date.now();
    const inv = await inventoryOf(root, [target(root, 'App', 'M')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(inv.map((e) => [e.name, e.details?.['methods']])).toEqual([
      ['M.Api', 'GET Last'],
      ['M.Svc', 'Last'],
    ]);
  });

  it("stops reading at the inventory's byte budget and says which files were not read", async () => {
    const root = tempDir();
    writeTree(root, { 'App/M/A.asmx': '<%@ WebService Class="ssM.WSA" %>', 'App/M/B.asmx': '<%@ WebService Class="ssM.WSB" %>' });
    const log = createMemoryLogger();
    const inv = await inventoryOf(root, [target(root, 'App', 'M')], { log, limits: { maxTotalBytes: 10 } });
    expect(inv.map((e) => e.name)).toEqual(['M.A']);
    expect(log.lines.join('\n')).toContain('"App/M/B.asmx": not read, the inventory already read 10 bytes');
  });

  it('through the CLI: a package with hostile files still yields its inventory (exit 0), each skipped file named in a warning', async () => {
    const dir = tempDir();
    const pkg = await writeAppPackage(join(dir, 'App.zip'), {
      Shop: {
        'Orders.asmx': '<%@ WebService Language="c#" Class="ssShop.WSOrders" %>',
        'Huge.asmx': randomBytes(2.2 * 1024 * 1024).toString('hex'),
        'Binary.asmx': Buffer.from([0x3c, 0x25, 0x00, 0xff]),
        'Odd Name.asmx': '<%@ WebService Class="ssShop.WSOdd" %>',
        'rest/BrokenSwagger.json': '{"swagger": ',
        'scripts/Shop.MainFlow.Home.mvc.js': '"screenservices/Shop/MainFlow/Home/DataActionGetHome"\nController.checkPermissions = function () { OS.RolesInfo.checkRegistered(); };\n',
      },
    });
    const out = join(dir, 'out');
    const r = await runCli(['exposure', pkg, '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    const report = exposureReportSchema.parse(JSON.parse(readFileSync(join(out, 'exposure.json'), 'utf8')));
    expect(report.endpoints.map((e) => [e.name, e.kind, e.roles])).toEqual([
      ['Shop.MainFlow.Home.DataActionGetHome', 'screen-service', ['Registered']],
      ['Shop.Orders', 'soap', undefined],
    ]);
    expect(r.stderr).toContain('Shop/Huge.asmx": skipped, 4613734 bytes, over the 4194304-byte limit');
    expect(r.stderr).toContain('Shop/Binary.asmx": skipped, binary (holds NUL bytes)');
    expect(r.stderr).toContain('Shop/Odd Name.asmx": the file name is not an OutSystems service name');
    expect(r.stderr).toMatch(/Shop\/rest\/BrokenSwagger\.json": not valid JSON/);
  });
});
