namespace TaoLens.Web.Api;

/// <summary>
/// A refusal a command or query gives, in words safe to show its caller: the API answers it as a problem, a page
/// shows <see cref="Detail"/> beside the form.
/// </summary>
public sealed record Refusal(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public static Refusal NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static Refusal Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static Refusal Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static Refusal Gone(string detail) => new(StatusCodes.Status410Gone, "Gone", detail);

    public static Refusal Invalid(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "Bad request", detail, new Dictionary<string, string[]> { [field] = [detail] });

    public static Refusal Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "Bad request", string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    /// <summary>The problem+json answer (a validation problem when fields are named).</summary>
    public IResult ToProblem() => Errors is { Count: > 0 }
        ? TypedResults.ValidationProblem(Errors, Detail, title: Title)
        : TypedResults.Problem(Detail, statusCode: Status, title: Title);
}

/// <summary>A value, or why there is none.</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);

    /// <summary>200 with the value, or the refusal as a problem.</summary>
    public IResult ToResult() => Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(Value);

    public IResult ToResult(Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        return Refusal is { } refusal ? refusal.ToProblem() : ok(Value!);
    }
}

/// <summary>A command with nothing to return.</summary>
public readonly record struct Done;
