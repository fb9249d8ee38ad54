// Test cases for csharp-server.yml, in the shapes OutSystems 11 generates (server actions: Actions.Action<Name> with
// HeContext and inParam…/outParam…) and of Integration Studio extension source (Mss<Action> with ss… parameters).
using System;
using System.Diagnostics;
using System.DirectoryServices;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Web;
using System.Xml;
using System.IdentityModel.Tokens.Jwt;
using Microsoft.IdentityModel.Tokens;
using OutSystems.HubEdition.RuntimePlatform;

namespace ssClaimsBackOffice {
  public partial class Actions {
    public static void ActionRunReport(HeContext heContext, string inParamReportName, out string outParamOutput) {
      outParamOutput = "";
      // ruleid: ossast.csharp.command-injection.process-start
      Process.Start("cmd.exe", "/c report.exe " + inParamReportName);
      var psi = new ProcessStartInfo("report.exe");
      // ruleid: ossast.csharp.command-injection.process-start
      psi.Arguments = "--name " + inParamReportName;
      // ok: ossast.csharp.command-injection.process-start
      Process.Start(psi);
      // ok: ossast.csharp.command-injection.process-start
      Process.Start("report.exe", "--all");
      // ok: ossast.csharp.command-injection.process-start
      var fixedPsi = new ProcessStartInfo { FileName = "report.exe", Arguments = "--daily" };
      string name = HttpContext.Current.Request.QueryString["name"];
      // ruleid: ossast.csharp.command-injection.process-start
      var p = new ProcessStartInfo { FileName = "zip.exe", Arguments = "-r " + name };
    }

    public static void ActionImportClaim(HeContext heContext, string inParamXml) {
      XmlDocument doc = new XmlDocument();
      // ruleid: ossast.csharp.xxe.dtd-or-resolver
      doc.XmlResolver = new XmlUrlResolver();
      doc.LoadXml(inParamXml);
      // ruleid: ossast.csharp.xxe.dtd-or-resolver
      var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse };
      var other = new XmlReaderSettings();
      // ruleid: ossast.csharp.xxe.dtd-or-resolver
      other.ProhibitDtd = false;
      // ok: ossast.csharp.xxe.dtd-or-resolver
      var safe = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
      // ok: ossast.csharp.xxe.dtd-or-resolver
      doc.XmlResolver = null;
    }

    public static void ActionFindUser(HeContext heContext, string inParamUserName, out string outParamDn) {
      outParamDn = "";
      DirectoryEntry root = new DirectoryEntry("LDAP://dc=corp,dc=example");
      // ruleid: ossast.csharp.ldap-injection.filter
      DirectorySearcher searcher = new DirectorySearcher(root, "(&(objectClass=user)(sAMAccountName=" + inParamUserName + "))");
      var s2 = new DirectorySearcher(root);
      // ruleid: ossast.csharp.ldap-injection.filter
      s2.Filter = string.Format("(mail={0})", inParamUserName);
      // ok: ossast.csharp.ldap-injection.filter
      s2.Filter = "(&(objectClass=user)(sAMAccountName=" + LdapEscape(inParamUserName) + "))";
      // ok: ossast.csharp.ldap-injection.filter
      s2.Filter = "(objectClass=group)";
    }

    public static void ActionFetchAttachment(HeContext heContext, string inParamUrl, out string outParamContent) {
      // ruleid: ossast.csharp.ssrf.request-url
      outParamContent = new WebClient().DownloadString(inParamUrl);
      // ruleid: ossast.csharp.ssrf.request-url
      HttpWebRequest req = (HttpWebRequest) WebRequest.Create(inParamUrl);
      var client = new HttpClient();
      // ruleid: ossast.csharp.ssrf.request-url
      var r = client.GetAsync(inParamUrl).Result;
      string baseUrl = Properties.DocumentServiceUrl;
      // ok: ossast.csharp.ssrf.request-url
      outParamContent = new WebClient().DownloadString(baseUrl + "/documents/" + BuiltInFunction.LongIntegerToText(42));
      // ok: ossast.csharp.ssrf.request-url
      var checkedResp = client.GetAsync(CheckUrlAllowList(inParamUrl)).Result;
    }

    public static void ActionEncryptNote(HeContext heContext, string inParamText, out string outParamCipher) {
      outParamCipher = "";
      // ruleid: ossast.csharp.crypto.broken-cipher
      var des = new DESCryptoServiceProvider();
      // ruleid: ossast.csharp.crypto.broken-cipher
      var tdes = TripleDES.Create();
      // ruleid: ossast.csharp.crypto.broken-cipher
      var rc2 = RC2.Create();
      var aes = Aes.Create();
      // ruleid: ossast.csharp.crypto.broken-cipher
      aes.Mode = CipherMode.ECB;
      // ok: ossast.csharp.crypto.broken-cipher
      aes.Mode = CipherMode.CBC;
      // ok: ossast.csharp.crypto.broken-cipher
      var gcm = new AesGcm(new byte[32]);
    }

    public static void ActionRememberLogin(HeContext heContext, string inParamToken) {
      // ruleid: ossast.csharp.cookie.missing-secure, ossast.csharp.cookie.missing-httponly
      HttpCookie cookie = new HttpCookie("remember", inParamToken);
      HttpContext.Current.Response.Cookies.Add(cookie);
      // ruleid: ossast.csharp.cookie.missing-httponly
      HttpCookie half = new HttpCookie("theme", "dark");
      half.Secure = true;
      HttpContext.Current.Response.Cookies.Add(half);
      // ok: ossast.csharp.cookie.missing-httponly
      HttpCookie flags = new HttpCookie("session3", inParamToken) { HttpOnly = true, Secure = true };
      // ok: ossast.csharp.cookie.missing-secure
      HttpCookie good = new HttpCookie("session2", inParamToken);
      good.Secure = true;
      good.HttpOnly = true;
      HttpContext.Current.Response.Cookies.Add(good);
      var c3 = new HttpCookie("x");
      c3.HttpOnly = true;
      // ruleid: ossast.csharp.cookie.missing-secure
      c3.Secure = false;
    }
  }
}

namespace OutSystems.NssIdentityExtension {
  public class CssIdentityExtension : IssIdentityExtension {
    public void MssValidateToken(string ssToken, string ssSecret, out bool ssIsValid) {
      var handler = new JwtSecurityTokenHandler();
      // ruleid: ossast.csharp.jwt.validation-disabled
      var parameters = new TokenValidationParameters { ValidateIssuerSigningKey = true, IssuerSigningKey = new SymmetricSecurityKey(Key(ssSecret)), ValidateLifetime = false };
      var lax = new TokenValidationParameters();
      // ruleid: ossast.csharp.jwt.validation-disabled
      lax.RequireSignedTokens = false;
      // ruleid: ossast.csharp.jwt.validation-disabled
      lax.SignatureValidator = (token, p) => new JwtSecurityToken(token);
      // ok: ossast.csharp.jwt.validation-disabled
      var strict = new TokenValidationParameters { ValidateIssuerSigningKey = true, ValidateLifetime = true, ValidateAudience = false };
      handler.ValidateToken(ssToken, parameters, out SecurityToken validated);
      ssIsValid = true;
    }

    public void MssDownload(string ssUrl, out string ssBody) {
      // ok: ossast.csharp.ssrf.request-url
      using (WebClient client = new WebClient()) { ssBody = client.DownloadString(ssUrl); }
    }

    public void MssRunTool(string ssArguments) {
      // ruleid: ossast.csharp.command-injection.process-start
      Process.Start(new ProcessStartInfo("tool.exe", ssArguments));
    }
  }
}
