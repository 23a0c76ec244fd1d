// Npgsql's translator provider lives in an ".Internal" namespace; deriving from it is the one way to put a translator ahead of its own.
#pragma warning disable EF1001
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query.ExpressionTranslators.Internal;

namespace WorkOrders.Core.Data;

/// <summary>
/// Searches match regardless of case on both engines. SQLite's LIKE ignores case; PostgreSQL's does not, so there
/// <c>EF.Functions.Like(text, pattern, escape)</c> becomes ILIKE and every search query stays one LINQ expression.
/// </summary>
public sealed class PostgreSqlCaseInsensitiveLike : NpgsqlMethodCallTranslatorProvider
{
    public PostgreSqlCaseInsensitiveLike(RelationalMethodCallTranslatorProviderDependencies dependencies, IModel model, IDbContextOptions contextOptions)
        : base(dependencies, model, contextOptions)
    {
        AddTranslators([new Translator((NpgsqlSqlExpressionFactory)dependencies.SqlExpressionFactory)]);
    }

    private sealed class Translator(NpgsqlSqlExpressionFactory sql) : IMethodCallTranslator
    {
        private static readonly MethodInfo LikeWithEscape = typeof(DbFunctionsExtensions).GetRuntimeMethod(
            nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

        public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger) =>
            method.Equals(LikeWithEscape) ? sql.ILike(arguments[1], arguments[2], arguments[3]) : null;
    }
}
