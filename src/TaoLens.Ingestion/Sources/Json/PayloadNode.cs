using System.Globalization;
using System.Text.Json;
using TaoLens.Core.Text;

namespace TaoLens.Ingestion.Sources.Json;

/// <summary>
/// A JSON value together with the path that reached it (<c>data[2].price</c>), so that every rejection names
/// the source and the field. Numbers are read from their text, never through double, so decimals stay exact.
/// </summary>
internal sealed class PayloadNode(JsonElement element, string source, string path)
{
    /// <summary>Timestamps later than now plus this are rejected: upstream clocks drift a little, never by more.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Nothing TaoLens stores predates Bittensor; earlier timestamps mean a broken field.</summary>
    public static readonly DateTimeOffset EarliestTimestamp = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public JsonElement Element { get; } = element;
    public string Source { get; } = source;
    public string Path { get; } = path;

    public JsonValueKind Kind => Element.ValueKind;

    public static PayloadNode Root(JsonDocument document, string source) => new(document.RootElement, source, "");

    public SourcePayloadException Fail(string problem) =>
        new($"{Source}: {(Path.Length == 0 ? "(root)" : Path)}: {problem}");

    /// <summary>The member, which must be present and not null.</summary>
    public PayloadNode Required(string name)
    {
        var child = Optional(name, out var present);
        if (child is null)
        {
            throw new PayloadNode(default, Source, ChildPath(name)).Fail(present ? "null" : "missing");
        }

        return child;
    }

    /// <summary>The member, or null when it is absent or JSON null.</summary>
    public PayloadNode? Optional(string name) => Optional(name, out _);

    public IReadOnlyList<PayloadNode> Items()
    {
        if (Kind != JsonValueKind.Array)
        {
            throw Fail($"expected an array, got {Describe(Kind)}");
        }

        var items = new List<PayloadNode>(Element.GetArrayLength());
        var index = 0;
        foreach (var item in Element.EnumerateArray())
        {
            items.Add(new PayloadNode(item, Source, string.Create(CultureInfo.InvariantCulture, $"{Path}[{index}]")));
            index++;
        }

        return items;
    }

    public string Text()
    {
        if (Kind != JsonValueKind.String)
        {
            throw Fail($"expected a string, got {Describe(Kind)}");
        }

        return Element.GetString()!;
    }

    public bool Bool() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail($"expected true or false, got {Describe(Kind)}"),
    };

    /// <summary>A decimal written as a JSON number or a JSON string (Taostats sends strings); exact, no double.</summary>
    public decimal Decimal()
    {
        var text = NumberText();
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail($"not a decimal number: '{Shorten(text)}'");
        }

        return value;
    }

    /// <summary>A whole number written as a JSON number or a JSON string; a fraction is an error, not rounded.</summary>
    public long Long()
    {
        var text = NumberText();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail($"not a whole number in range: '{Shorten(text)}'");
        }

        return value;
    }

    public decimal DecimalInRange(decimal min, decimal max)
    {
        var value = Decimal();
        return value >= min && value <= max ? value : throw Fail(OutOfRange(value, min, max));
    }

    /// <summary>Strictly above zero (prices), at most <paramref name="max"/>.</summary>
    public decimal PositiveDecimal(decimal max)
    {
        var value = Decimal();
        return value > 0 && value <= max ? value : throw Fail(value <= 0 ? $"must be above zero, got {value.ToString(CultureInfo.InvariantCulture)}" : OutOfRange(value, 0, max));
    }

    public long LongInRange(long min, long max)
    {
        var value = Long();
        return value >= min && value <= max ? value : throw Fail(OutOfRange(value, min, max));
    }

    public int IntInRange(int min, int max) => (int)LongInRange(min, max);

    /// <summary>An ISO 8601 timestamp (UTC when no offset is written) no later than now plus the skew and not before Bittensor.</summary>
    public DateTimeOffset Timestamp(TimeProvider clock)
    {
        var text = Text();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw Fail($"not a timestamp: '{Shorten(text)}'");
        }

        return CheckTimestamp(value, clock);
    }

    /// <summary>Unix milliseconds, checked like <see cref="Timestamp"/>.</summary>
    public DateTimeOffset UnixMilliseconds(TimeProvider clock)
    {
        var ms = Long();
        if (ms < EarliestTimestamp.ToUnixTimeMilliseconds() || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"timestamp {ms} ms is before {EarliestTimestamp:yyyy-MM-dd} or out of range"));
        }

        return CheckTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(ms), clock);
    }

    private DateTimeOffset CheckTimestamp(DateTimeOffset value, TimeProvider clock)
    {
        if (value < EarliestTimestamp)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"timestamp {value:O} is before {EarliestTimestamp:yyyy-MM-dd}"));
        }

        if (value > clock.GetUtcNow() + MaxClockSkew)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"timestamp {value:O} is in the future"));
        }

        return value;
    }

    private PayloadNode? Optional(string name, out bool present)
    {
        if (Kind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, got {Describe(Kind)}");
        }

        present = Element.TryGetProperty(name, out var value);
        return present && value.ValueKind != JsonValueKind.Null ? new PayloadNode(value, Source, ChildPath(name)) : null;
    }

    private string ChildPath(string name) => Path.Length == 0 ? name : Path + "." + name;

    private string NumberText() => Kind switch
    {
        JsonValueKind.Number => Element.GetRawText(),
        JsonValueKind.String => Element.GetString()!,
        _ => throw Fail($"expected a number, got {Describe(Kind)}"),
    };

    private static string OutOfRange<T>(T value, T min, T max)
        where T : IFormattable =>
        string.Create(CultureInfo.InvariantCulture, $"{value} is outside the plausible range [{min}, {max}]");

    // Values quoted in messages come from outside: cleaned and capped before they reach a log.
    private static string Shorten(string text) => UntrustedText.Clean(text, 40) ?? "";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Undefined => "nothing",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
