using System.Globalization;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using WorkOrders.Core.Common;

namespace WorkOrders.Web.Api;

/// <summary>
/// The one place where Core's results become HTTP answers (RFC 9457 problem details). Another tenant's thing
/// is NotFound in Core and so 404 here, exactly like a missing one; NotAllowed is 403; Invalid is 422 with each
/// message under the request member Core tied it to (else under the endpoint's one field); Conflict is 412 when the caller sent If-Match and 409
/// when it sent the version in the body.
/// </summary>
public static class ApiResults
{
    public const string VersionField = "version";

    public static IResult Problem(Result result, HttpContext http, string field = "request") => result.Status switch
    {
        ResultStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        ResultStatus.NotAllowed => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: result.Message),
        ResultStatus.Invalid => Invalid(FieldMessages(result, field), result.Message),
        ResultStatus.Conflict when http.Request.Headers.IfMatch.Count > 0 => TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed, title: "The version does not match", detail: result.Message),
        ResultStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Message),
        // Nothing was saved: the step deserves a warning (a visit after a due date); the same request with the confirmation goes through.
        ResultStatus.NeedsConfirmation => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Confirmation needed", detail: result.Message,
            extensions: new Dictionary<string, object?> { ["confirmWith"] = "overrideDueDate" }),
        _ => throw new InvalidOperationException("An Ok result is not a problem."),
    };

    /// <summary>422 for a request whose shape is wrong before Core is asked.</summary>
    public static IResult Invalid(string field, params string[] messages) =>
        Invalid(new Dictionary<string, string[]> { [field] = messages }, string.Join(" ", messages));

    private static IResult Invalid(Dictionary<string, string[]> errors, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The input is not valid",
            Detail = detail,
        });

    /// <summary>
    /// Core's messages under the request member each is about (Core names its input's property; the JSON member is
    /// its camelCase form, as the request records are bound). Messages Core ties to no member go under <paramref name="field"/>.
    /// </summary>
    private static Dictionary<string, string[]> FieldMessages(Result result, string field)
    {
        var tied = result.FieldErrors.Select(e => e.Message).ToHashSet(StringComparer.Ordinal);
        var loose = (result.Errors.Count > 0 ? result.Errors : [result.Message]).Where(m => !tied.Contains(m)).Select(m => (Field: field, Message: m));
        return result.FieldErrors.Select(e => (Field: JsonNamingPolicy.CamelCase.ConvertName(e.Field), e.Message)).Concat(loose)
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
    }

    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The version the caller last saw: from If-Match (an ETag this API gave) or else the body's version.
    /// Neither: 428, since a change without a version could overwrite someone else's.
    /// </summary>
    public static (int Version, IResult? Problem) ExpectedVersion(HttpContext http, int? bodyVersion)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count > 0)
        {
            if (EntityTagHeaderValue.TryParseList(ifMatch, out var tags) && tags.Count == 1
                && int.TryParse(tags[0].Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return (version, null);
            }
            return (0, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad If-Match",
                detail: "If-Match must hold the one ETag this API sent for the resource, such as \"3\"."));
        }
        if (bodyVersion is { } v) return (v, null);
        return (0, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Version required",
            detail: "Send the ETag you last read in If-Match (or the version in the body), so a change by someone else is not overwritten."));
    }

    /// <summary>200 with the resource and its version as ETag.</summary>
    public static IResult WithETag<T>(HttpContext http, T value, int version)
    {
        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(value);
    }
}
