// Test cases for csharp.yml (semgrep --test): "ruleid:" lines must match, "ok:" lines must not.
using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Runtime.Serialization.Formatters.Binary;

namespace ssShop {
  public class Cases {
    public void Sql(HeContext heContext, string inName, SqlConnection conn) {
      // ruleid: ossast.csharp.sql-injection.string-concat
      string sql = "SELECT * FROM ORDERS WHERE NAME = '" + inName + "'";
      // ruleid: ossast.csharp.sql-injection.string-concat
      var cmd = new SqlCommand("DELETE FROM ORDERS WHERE ID = " + inName, conn);
      string safe2 = "SELECT * FROM ORDERS WHERE NAME = @qpName";
      // ok: ossast.csharp.sql-injection.string-concat
      string label = "Hello " + inName;
      // ruleid: ossast.csharp.sql-injection.string-concat
      cmd.CommandText = "UPDATE ORDERS SET NAME = '" + BuiltInFunction.EncodeSql(inName) + "'";
    }

    public void Hashes(byte[] data) {
      // ruleid: ossast.csharp.crypto.weak-hash
      var md5 = MD5.Create();
      // ruleid: ossast.csharp.crypto.weak-hash
      var sha1 = new SHA1CryptoServiceProvider();
      // ok: ossast.csharp.crypto.weak-hash
      var sha256 = SHA256.Create();
    }

    public void Randoms() {
      // ruleid: ossast.csharp.random.insecure
      var r = new Random();
      // ruleid: ossast.csharp.random.insecure
      var r2 = new System.Random(42);
      // ok: ossast.csharp.random.insecure
      var g = RandomNumberGenerator.Create();
    }

    public void Tls() {
      // ruleid: ossast.csharp.tls.certificate-validation-disabled
      ServicePointManager.ServerCertificateValidationCallback = (a, b, c, d) => true;
      // ok: ossast.csharp.tls.certificate-validation-disabled
      ServicePointManager.ServerCertificateValidationCallback = (a, b, c, d) => d == SslPolicyErrors.None;
    }

    public void Pages(HttpRequest Request, HttpResponse Response) {
      // ruleid: ossast.csharp.xss.response-write-request-data
      Response.Write("<b>" + Request.QueryString["name"] + "</b>");
      // ok: ossast.csharp.xss.response-write-request-data
      Response.Write(HttpUtility.HtmlEncode("static"));
      // ruleid: ossast.csharp.path-traversal.request-data
      var text = File.ReadAllText(Path.Combine("C:\\data", Request.QueryString["file"]));
      // ok: ossast.csharp.path-traversal.request-data
      var fixedText = File.ReadAllText("C:\\data\\fixed.txt");
      // ruleid: ossast.csharp.open-redirect.request-data
      Response.Redirect(Request.QueryString["returnUrl"]);
      // ok: ossast.csharp.open-redirect.request-data
      Response.Redirect("/Home.aspx");
    }

    public object Deserialize(Stream s) {
      // ruleid: ossast.csharp.deserialization.insecure-formatter
      var f = new BinaryFormatter();
      // ok: ossast.csharp.deserialization.insecure-formatter
      var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
      return f.Deserialize(s);
    }

    public void Secrets() {
      // ruleid: ossast.csharp.secrets.hardcoded-credential
      string apiKey = "sk_live_51HcX9aQ2";
      // ruleid: ossast.csharp.secrets.hardcoded-credential
      string conn = "Server=db;Database=shop;User Id=app;Password=Winter2026!;";
      // ok: ossast.csharp.secrets.hardcoded-credential
      string password = GetSetting("DbPassword");
      // ok: ossast.csharp.secrets.hardcoded-credential
      string passwordLabel = "";
    }
  }
}
