using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Plans;

/// <summary>The plans this client sends: SQL relations and commands, file reads and table writes.</summary>
public static class SparkPlans
{
    /// <summary>A relation whose rows are a SQL query's result.</summary>
    public static Relation Sql(string query) => new() { Sql = new SQL { Query = query } };

    /// <summary>Files read with a given format, DDL schema and options (DataFrameReader.load).</summary>
    public static Relation ReadFiles(string format, string schemaDdl, IEnumerable<KeyValuePair<string, string>> options, IEnumerable<string> paths)
    {
        var source = new Read.Types.DataSource { Format = format, Schema = schemaDdl };
        foreach (var (key, value) in options)
        {
            source.Options[key] = value;
        }

        source.Paths.AddRange(paths);
        return new Relation { Read = new Read { DataSource = source } };
    }

    public static Plan Query(Relation relation) => new() { Root = relation };

    /// <summary>A SQL statement run eagerly (DDL, DML, RESTORE, ...).</summary>
    public static Plan SqlCommand(string sql) => new() { Command = new Command { SqlCommand = new SqlCommand { Sql = sql } } };

    /// <summary>DataFrameWriter.insertInto(table) with the given mode: INSERT INTO (append) or INSERT OVERWRITE (overwrite), by position.</summary>
    public static Plan InsertInto(Relation input, string tableName, bool overwrite) => new()
    {
        Command = new Command
        {
            WriteOperation = new WriteOperation
            {
                Input = input,
                Table = new WriteOperation.Types.SaveTable { TableName = tableName, SaveMethod = WriteOperation.Types.SaveTable.Types.TableSaveMethod.InsertInto },
                Mode = overwrite ? WriteOperation.Types.SaveMode.Overwrite : WriteOperation.Types.SaveMode.Append,
            },
        },
    };
}
