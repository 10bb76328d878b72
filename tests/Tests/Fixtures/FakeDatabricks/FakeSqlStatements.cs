using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Handoff.Tests.Fixtures.SparkConnect;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>A table the fake catalog holds: its three-part name as created, where it lives, and its format.</summary>
public sealed record FakeCatalogTable(string Name, string Location, string Format = "delta");

/// <summary>
/// The SQL Statement Execution API on a SQL warehouse, modelled on databricks/cli's fake
/// (libs/testserver/statements.go and testsql/testsql.go @ 7bbe2852): a statement is planned once
/// when submitted and replayed through its life cycle. A submit answers PENDING when
/// <c>wait_timeout</c> is "0s" or the statement needs polls, else its final state; each GET
/// while polls remain answers RUNNING; a cancelled statement answers CANCELED. With
/// <c>on_wait_timeout</c> CANCEL, a statement not done within the wait is cancelled at once. A
/// FAILED statement is HTTP 200 with <c>status.error</c> and <c>sql_state</c>.
/// <para>
/// As strict as the SDK's model (databricks-sdk-go v0.175.0 service/sql/model.go
/// <c>ExecuteStatementRequest</c>): an unknown field, a missing <c>statement</c> or
/// <c>warehouse_id</c>, a <c>wait_timeout</c> other than "0s" or 5–50 s, or an
/// <c>on_wait_timeout</c> other than CONTINUE or CANCEL is a 400 INVALID_PARAMETER_VALUE.
/// </para>
/// <para>
/// Unlike testsql it keeps a small catalog and runs the two statements <c>register</c> sends,
/// reading their quoting as Spark SQL does: <c>DESCRIBE DETAIL `c`.`s`.`t`</c> (the columns of
/// delta-io/delta's TableDetail; a missing table fails with TABLE_OR_VIEW_NOT_FOUND, 42P01) and
/// <c>CREATE TABLE IF NOT EXISTS `c`.`s`.`t` USING DELTA LOCATION '…'</c> (nothing happens when
/// the name exists, wherever that table is). Anything else fails as unsupported, as in testsql.
/// Catalog names compare without case, as Unity Catalog's do.
/// </para>
/// </summary>
public sealed class FakeSqlStatements
{
    /// <summary>ExecuteStatementRequest's JSON fields.</summary>
    public static readonly IReadOnlySet<string> RequestFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "byte_limit", "catalog", "disposition", "format", "on_wait_timeout", "parameters", "query_tags", "row_limit", "schema", "statement", "wait_timeout", "warehouse_id",
    };

    private static readonly string[] DetailColumns =
        ["format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns", "clusteringColumns", "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures"];

    private readonly ConcurrentDictionary<string, FakeStatement> _statements = new(StringComparer.Ordinal);
    private int _next;

    public ConcurrentDictionary<string, FakeCatalogTable> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many GETs answer RUNNING before a statement ends (0: it ends within the submit's wait).</summary>
    public int Polls { get; set; } = 2;

    /// <summary>When it returns an error for a statement, the statement fails with it instead of running (as a test's matcher can in testsql).</summary>
    public Func<string, (string Code, string Message, string? SqlState)?>? Refuse { get; set; }

    /// <summary>The statements run to their end, in order (what changed the catalog, or read it).</summary>
    public ConcurrentQueue<string> Executed { get; } = new();

    /// <summary>The statements submitted, in order.</summary>
    public IReadOnlyList<string> Submitted => _statements.Values.OrderBy(s => s.Number).Select(s => s.Sql).ToList();

    public FakeCatalogTable Add(string name, string location, string format = "delta") => Tables[name] = new FakeCatalogTable(name, location, format);

    internal FakeReply? Handle(RecordedRequest request, string path)
    {
        const string Base = "/api/2.0/sql/statements";
        if (path == Base && request.Method == "POST")
        {
            return Submit(request);
        }

        if (!path.StartsWith(Base + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[(Base.Length + 1)..].Split('/');
        return (request.Method, rest) switch
        {
            ("GET", [var id]) => _statements.TryGetValue(id, out var statement) ? FakeReply.Json(statement.Poll(this)) : FakeReply.NotFound($"Statement {id} does not exist"),
            ("POST", [var id, "cancel"]) => Cancel(id),
            _ => null,
        };
    }

    private FakeReply Submit(RecordedRequest request)
    {
        if (request.JsonBody() is not { } body)
        {
            return FakeReply.BadRequest("Invalid JSON given in the body of the request - expected a map");
        }

        if (body.Select(p => p.Key).FirstOrDefault(k => !RequestFields.Contains(k)) is { } unknown)
        {
            return FakeReply.BadRequest($"Invalid JSON given in the body of the request - unknown field: {unknown}");
        }

        var sql = body["statement"]?.GetValue<string>();
        var warehouse = body["warehouse_id"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(sql) || string.IsNullOrWhiteSpace(warehouse))
        {
            return FakeReply.BadRequest($"Missing required field: {(string.IsNullOrWhiteSpace(sql) ? "statement" : "warehouse_id")}");
        }

        var wait = body["wait_timeout"]?.GetValue<string>() ?? "10s";
        if (!Handoff.Shared.Databricks.Sql.ExecuteStatementRequest.IsValidWaitTimeout(wait))
        {
            return FakeReply.BadRequest($"wait_timeout must be 0s or between 5s and 50s, not '{wait}'");
        }

        var onTimeout = body["on_wait_timeout"]?.GetValue<string>() ?? "CONTINUE";
        if (onTimeout is not ("CONTINUE" or "CANCEL"))
        {
            return FakeReply.BadRequest($"on_wait_timeout must be CONTINUE or CANCEL, not '{onTimeout}'");
        }

        var number = Interlocked.Increment(ref _next);
        var statement = new FakeStatement($"01f0-{number:0000}-statement", number, sql.Trim(), Polls);
        _statements[statement.Id] = statement;
        if (wait != "0s" && statement.RemainingPolls > 0 && onTimeout == "CANCEL")
        {
            statement.Canceled = true;
        }

        return FakeReply.Json(wait == "0s" || (statement.RemainingPolls > 0 && !statement.Canceled) ? statement.Answer("PENDING") : statement.Poll(this));
    }

    private FakeReply Cancel(string id)
    {
        if (!_statements.TryGetValue(id, out var statement))
        {
            return FakeReply.NotFound($"Statement {id} does not exist");
        }

        lock (statement)
        {
            statement.Canceled |= statement.Final is null;
        }

        return FakeReply.Json(new JsonObject());
    }

    /// <summary>Runs the statement against the catalog, once, when it reaches its end.</summary>
    private JsonObject Run(FakeStatement statement)
    {
        Executed.Enqueue(statement.Sql);
        if (Refuse?.Invoke(statement.Sql) is { } refused)
        {
            return statement.Failed(refused.Code, refused.Message, refused.SqlState);
        }

        try
        {
            const string Describe = "DESCRIBE DETAIL ";
            const string Create = "CREATE TABLE IF NOT EXISTS ";
            if (statement.Sql.StartsWith(Describe, StringComparison.Ordinal))
            {
                var position = Describe.Length;
                var name = FakeSql.ReadTable(statement.Sql, ref position);
                End(statement.Sql, position);
                return Tables.TryGetValue(name, out var table)
                    ? statement.Succeeded(DetailColumns, [[table.Format, Guid.Empty.ToString(), table.Name, null, table.Location, null, null, "[]", "[]", "0", "0", "{}", "1", "2", "[]"]])
                    : statement.Failed("BAD_REQUEST", $"[TABLE_OR_VIEW_NOT_FOUND] The table or view {Quoted(name)} cannot be found. Verify the spelling and correctness of the schema and catalog.", "42P01");
            }

            if (statement.Sql.StartsWith(Create, StringComparison.Ordinal))
            {
                var position = Create.Length;
                var name = FakeSql.ReadTable(statement.Sql, ref position);
                Expect(statement.Sql, ref position, " USING DELTA LOCATION ");
                var location = FakeSql.ReadString(statement.Sql, ref position);
                End(statement.Sql, position);
                Tables.TryAdd(name, new FakeCatalogTable(name, location));
                return statement.Succeeded([], []);
            }

            return statement.Failed("BAD_REQUEST", "unsupported statement: " + statement.Sql, null);
        }
        catch (FakeSparkException syntax)
        {
            return statement.Failed("BAD_REQUEST", syntax.Message, syntax.SqlState);
        }
    }

    private static string Quoted(string name) => string.Join('.', name.Split('.').Select(p => $"`{p}`"));

    private static void Expect(string sql, ref int position, string text)
    {
        if (string.CompareOrdinal(sql, position, text, 0, text.Length) != 0)
        {
            throw FakeSql.Syntax($"expected '{text.Trim()}' at {position} in: {sql}");
        }

        position += text.Length;
    }

    private static void End(string sql, int position)
    {
        if (position != sql.Length)
        {
            throw FakeSql.Syntax($"unexpected '{sql[position..]}' in: {sql}");
        }
    }

    private sealed class FakeStatement(string id, int number, string sql, int polls)
    {
        public string Id { get; } = id;

        public int Number { get; } = number;

        public string Sql { get; } = sql;

        public int RemainingPolls { get; set; } = polls;

        public bool Canceled { get; set; }

        public JsonObject? Final { get; private set; }

        public JsonObject Poll(FakeSqlStatements owner)
        {
            lock (this)
            {
                if (Final is not null)
                {
                    return (JsonObject)Final.DeepClone();
                }

                if (Canceled)
                {
                    Final = Answer("CANCELED");
                    return (JsonObject)Final.DeepClone();
                }

                if (RemainingPolls > 0)
                {
                    RemainingPolls--;
                    return Answer("RUNNING");
                }

                Final = owner.Run(this);
                return (JsonObject)Final.DeepClone();
            }
        }

        public JsonObject Answer(string state) => new() { ["statement_id"] = Id, ["status"] = new JsonObject { ["state"] = state } };

        public JsonObject Succeeded(string[] columns, List<string?[]> rows) => new()
        {
            ["statement_id"] = Id,
            ["status"] = new JsonObject { ["state"] = "SUCCEEDED" },
            ["manifest"] = new JsonObject
            {
                ["format"] = "JSON_ARRAY",
                ["schema"] = new JsonObject
                {
                    ["column_count"] = columns.Length,
                    ["columns"] = new JsonArray(columns.Select((c, i) => (JsonNode)new JsonObject { ["name"] = c, ["position"] = i, ["type_name"] = "STRING", ["type_text"] = "STRING" }).ToArray()),
                },
                ["total_chunk_count"] = rows.Count == 0 ? 0 : 1,
                ["total_row_count"] = rows.Count,
                ["truncated"] = false,
            },
            ["result"] = rows.Count == 0
                ? new JsonObject()
                : new JsonObject
                {
                    ["chunk_index"] = 0,
                    ["row_offset"] = 0,
                    ["row_count"] = rows.Count,
                    ["data_array"] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v))).ToArray())).ToArray()),
                },
        };

        public JsonObject Failed(string code, string message, string? sqlState)
        {
            var status = new JsonObject { ["state"] = "FAILED", ["error"] = new JsonObject { ["error_code"] = code, ["message"] = message } };
            if (sqlState is not null)
            {
                status["sql_state"] = sqlState;
            }

            return new JsonObject { ["statement_id"] = Id, ["status"] = status };
        }
    }
}
