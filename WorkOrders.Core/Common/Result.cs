namespace WorkOrders.Core.Common;

/// <summary>NeedsConfirmation: nothing was saved because the step deserves a warning; the same call with the confirmation goes through.</summary>
public enum ResultStatus { Ok, NotFound, NotAllowed, Invalid, Conflict, NeedsConfirmation }

/// <summary>
/// The outcome of a use case. Expected failures are results, never exceptions, so a page can
/// always show the user what happened and why.
/// </summary>
public record Result(ResultStatus Status, IReadOnlyList<string> Errors)
{
    public bool IsOk => Status == ResultStatus.Ok;

    /// <summary>
    /// The messages of <see cref="Errors"/> whose rule knows the input member it is about, so an API answer lists
    /// them under that member and a page puts them at its field. Messages about no one member are only in Errors.
    /// </summary>
    public IReadOnlyList<FieldError> FieldErrors { get; init; } = [];

    /// <summary>The messages about one member of the input (its name as in the input record).</summary>
    public IEnumerable<string> ErrorsFor(string field) =>
        FieldErrors.Where(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase)).Select(e => e.Message);

    /// <summary>One sentence for a snackbar.</summary>
    public string Message => Status switch
    {
        ResultStatus.Ok => "Done.",
        _ when Errors.Count > 0 => string.Join(" ", Errors),
        ResultStatus.NotFound => "Not found.",
        ResultStatus.NotAllowed => "You are not allowed to do that.",
        ResultStatus.Conflict => "Someone else changed this in the meantime. The latest version has been loaded.",
        _ => "The input is not valid.",
    };

    public static Result Ok() => new(ResultStatus.Ok, []);
    public static Result NotFound(string? what = null) => new(ResultStatus.NotFound, what is null ? [] : [$"{what} was not found."]);
    public static Result NotAllowed(string reason) => new(ResultStatus.NotAllowed, [reason]);
    public static Result Invalid(params string[] errors) => new(ResultStatus.Invalid, errors);
    public static Result Invalid(IEnumerable<string> errors) => new(ResultStatus.Invalid, errors.ToList());
    public static Result Invalid(params FieldError[] errors) => Invalid((IEnumerable<FieldError>)errors);
    public static Result Invalid(IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        return new(ResultStatus.Invalid, list.Select(e => e.Message).ToList()) { FieldErrors = list };
    }
    public static Result Conflict(string? reason = null) => new(ResultStatus.Conflict, reason is null ? [] : [reason]);
    public static Result NeedsConfirmation(string warning) => new(ResultStatus.NeedsConfirmation, [warning]);
}

public sealed record Result<T>(ResultStatus Status, IReadOnlyList<string> Errors, T? Value) : Result(Status, Errors)
{
    public static Result<T> Ok(T value) => new(ResultStatus.Ok, [], value);
    public static implicit operator Result<T>(T value) => Ok(value);
    public static Result<T> From(Result failure) =>
        failure.IsOk ? throw new InvalidOperationException("An Ok result carries no value to convert.") : new(failure.Status, failure.Errors, default) { FieldErrors = failure.FieldErrors };
}

/// <summary>A validation message and the member of the input it is about (the C# name of the input's property).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>One page of a list. When <paramref name="TotalIsCapped"/> is set there are more than <paramref name="TotalCount"/> rows ("1,000+").</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount, int PageIndex, int PageSize, bool TotalIsCapped = false);
