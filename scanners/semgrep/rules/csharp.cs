// Test cases for csharp.yml (semgrep --test): "ruleid:" lines must match, "ok:" lines must not.
// Written in the shapes of OutSystems-generated C# (aggregates, advanced queries, entity actions, extensions).
using System;
using System.IO;
using System.Net;
using System.Text;
using System.Data;
using System.Security.Cryptography;
using System.Runtime.Serialization.Formatters.Binary;
using OutSystems.HubEdition.RuntimePlatform;
using OutSystems.HubEdition.RuntimePlatform.Db;

namespace ssShop.Flows.FlowMain {
  public class ScrnOrders {
    // An advanced query with an Expand Inline parameter (qpteIdList) and a normal one (qpteSearch).
    public static RLOrderRecordList QueryGetOrders(HeContext heContext, int maxRecords, IterationMultiplicity multiplicity, out int outParamCount, string qpteSearch, string qpteIdList, string qpteSort, long qpinStatus) {
      outParamCount = -1;
      using (Transaction trans = DatabaseAccess.ForCurrentDatabase.GetRequestTransaction()) {
        Command sqlCmd = trans.CreateCommand();
        // ok: ossast.csharp.sql-injection.string-concat
        sqlCmd.CreateParameter("@qpteSearch", DbType.String, qpteSearch);
        // ok: ossast.csharp.sql-injection.string-concat
        string okSql = "SELECT ENOrder.[ID], ENOrder.[NAME] " +
          "FROM " + ENOrderEntity.LocalViewName(heContext.AppInfo.Tenant.Id, BuiltInFunction.GetCurrentLocale()) + " ENOrder " +
          "WHERE ENOrder.[NAME] LIKE @qpteSearch AND ENOrder.[STATUS] = @qpinStatus";
        // ruleid: ossast.csharp.sql-injection.string-concat
        string advSql = "SELECT ENOrder.[ID] FROM " + ENOrderEntity.LocalViewName(heContext.AppInfo.Tenant.Id, null) + " ENOrder WHERE ENOrder.[ID] IN (" + qpteIdList + ")";
        // ok: ossast.csharp.sql-injection.string-concat
        string encoded = "SELECT * FROM " + ENOrderEntity.LocalViewName(heContext.AppInfo.Tenant.Id, null) + " WHERE [NAME] = '" + BuiltInFunction.EncodeSql(qpteSearch) + "'";
        // ruleid: ossast.csharp.sql-injection.string-concat
        string sorted = okSql + " ORDER BY " + AppUtils.Instance.ReplaceAttributeReferences(heContext, qpteSort);
        sqlCmd.CommandText = advSql;
        try {
          RLOrderRecordList outParamList = new RLOrderRecordList();
          DatabaseAccess.ForCurrentDatabase.ExecuteQuery(sqlCmd, outParamList, "Query GetOrders.List");
          return outParamList;
        } catch (Exception e) {
          // ok: ossast.csharp.sql-injection.string-concat
          throw new DataBaseException("Problems executing query GetOrders in advanced query GetOrders in Preparation in Orders in Shop (SELECT {Order}.* FROM {Order} WHERE {Order}.[Id] IN (@IdList)): " + qpteIdList + e.Message, e);
        }
      }
    }

    // An entity action: every value is a parameter, names come from generated helpers.
    public static void ActionUpdateOrder(HeContext heContext, long inParamId, string inParamName) {
      using (Transaction trans = DatabaseAccess.ForCurrentDatabase.GetRequestTransaction()) {
        // ok: ossast.csharp.sql-injection.string-concat
        string updateSql = "UPDATE " + ENOrderEntity.LocalViewName(heContext.AppInfo.Tenant.Id, null) + " SET " + DatabaseAccess.ForCurrentDatabase.DatabaseServices.DMLService.Identifiers.EscapeIdentifier("NAME") + " = @ssName WHERE [ID] = @ssId";
        Command cmd = trans.CreateCommand(updateSql);
        cmd.CreateParameter("@ssName", DbType.String, inParamName);
      }
    }
  }

  // Extension code written by a developer.
  public class CssShopExtension {
    public void MssFindOrders(string ssFilter, string ssName, string ssCity, SqlConnection conn, HttpRequest Request) {
      string select = "SELECT * FROM ORDERS WHERE 1 = 1";
      // ruleid: ossast.csharp.sql-injection.string-concat
      select += " AND NAME = '" + ssName + "'";
      // ok: ossast.csharp.sql-injection.string-concat
      select += " AND CITY = '" + BuiltInFunction.EncodeSql(ssCity) + "'";
      string sqlWhere = "";
      // ruleid: ossast.csharp.sql-injection.string-concat
      sqlWhere += ssFilter;
      // ruleid: ossast.csharp.sql-injection.string-concat
      string formatted = string.Format("SELECT * FROM ORDERS WHERE NAME = '{0}'", ssName);
      // ruleid: ossast.csharp.sql-injection.string-concat
      string interpolated = $"DELETE FROM ORDERS WHERE CITY = '{ssCity}'";
      // ok: ossast.csharp.sql-injection.string-concat
      string safeInterpolated = $"DELETE FROM ORDERS WHERE CITY = '{EncodeSql(ssCity)}'";
      var sb = new StringBuilder("SELECT * FROM ORDERS");
      // ruleid: ossast.csharp.sql-injection.string-concat
      sb.Append(" WHERE NAME = '" + ssName + "'");
      // ruleid: ossast.csharp.sql-injection.string-concat
      var cmd = new SqlCommand("DELETE FROM ORDERS WHERE ID = " + Request.QueryString["id"], conn);
      var sb2 = new StringBuilder();
      sb2.Append("SELECT O.[ID] FROM ").Append(ENOrderEntity.LocalViewName(null, null)).Append(" O WHERE O.[CODE] = '");
      // ruleid: ossast.csharp.sql-injection.string-concat
      sb2.Append(ssCity);
      var text = new StringBuilder("Dear ");
      // ok: ossast.csharp.sql-injection.string-concat
      text.Append(ssName);
      // ok: ossast.csharp.sql-injection.string-concat
      string label = "Hello " + ssName;
      // ok: ossast.csharp.sql-injection.string-concat
      string fixedSql = "SELECT * FROM ORDERS WHERE NAME = @name";
    }

    public void Hashes(byte[] data) {
      // ruleid: ossast.csharp.crypto.weak-hash
      var md5 = MD5.Create();
      // ruleid: ossast.csharp.crypto.weak-hash
      var sha1 = new SHA1CryptoServiceProvider();
      // ok: ossast.csharp.crypto.weak-hash
      var sha256 = SHA256.Create();
    }

    public void MssNewPassword(out string ssPassword, out int ssDelay) {
      var r = new Random();
      // ruleid: ossast.csharp.random.insecure
      ssPassword = r.Next(100000, 999999).ToString();
      // ruleid: ossast.csharp.random.insecure
      string resetToken = Convert.ToBase64String(BitConverter.GetBytes(new System.Random(42).Next()));
      // ok: ossast.csharp.random.insecure
      ssDelay = r.Next(100, 500);
      // ok: ossast.csharp.random.insecure
      int column = new Random().Next(0, 3);
      // ok: ossast.csharp.random.insecure
      string otpCode = RandomNumberGenerator.GetInt32(100000, 999999).ToString();
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
      string returnUrl = Request.QueryString["returnUrl"];
      string target = "https://" + returnUrl;
      // ruleid: ossast.csharp.open-redirect.request-data
      Response.Redirect(target, false);
      if (Url.IsLocalUrl(returnUrl)) {
        // ok: ossast.csharp.open-redirect.request-data
        Response.Redirect(returnUrl);
      }
    }

    // A helper (another class in the real code) builds the SQL text from its parameter.
    public static string BuildStatusFilter(string status) {
      // ruleid: ossast.csharp.sql-injection.string-concat
      return " WHERE ENClaim.[STATUS] = '" + status + "'";
    }

    // ok: ossast.csharp.sql-injection.string-concat
    public static string BuildOrder(bool descending) { return descending ? " ORDER BY [ID] DESC" : " ORDER BY [ID]"; }

    public static void ActionCountClaims(HeContext heContext, string inParamStatus, long inParamId, out int outParamCount) {
      outParamCount = 0;
      // ruleid: ossast.csharp.sql-injection.string-concat
      string sql = SqlTemplates.ClaimsByStatus.Replace("{Status}", inParamStatus);
      // ok: ossast.csharp.sql-injection.string-concat
      string byId = SqlTemplates.ClaimsById.Replace("{Id}", BuiltInFunction.LongIntegerToText(inParamId));
      // ok: ossast.csharp.sql-injection.string-concat
      string label = "Status: {Status}".Replace("{Status}", inParamStatus);
      // ok: ossast.csharp.sql-injection.string-concat
      string ordered = SqlTemplates.ClaimsByStatus.Replace("{Order}", BuildOrder(inParamStatus == "open"));
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
      // ok: ossast.csharp.secrets.hardcoded-credential
      string ssPassword = "Invalid password, try again";
      // ok: ossast.csharp.secrets.hardcoded-credential
      string headerToken = "X-CSRFToken";
      // ok: ossast.csharp.secrets.hardcoded-credential
      string template = "Server={0};Password={1};";
      // ok: ossast.csharp.secrets.hardcoded-credential
      string dbPassword = apiKey;
    }
  }
}
