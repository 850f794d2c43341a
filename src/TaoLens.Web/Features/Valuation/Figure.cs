using System.Text.Json;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// A metric as the API gives it: <c>{low, base, high, reason, notes}</c>: a value, or nulls and the reason it is
/// missing; <see cref="Notes"/> are the camelCase codes of what a reader should know about the value (empty when none).
/// </summary>
public sealed record Figure(decimal? Low, decimal? Base, decimal? High, string? Reason)
{
    private static readonly (MetricNotes Flag, string Code)[] NoteCodes =
        [.. Enum.GetValues<MetricNotes>().Where(n => n != MetricNotes.None).Select(n => (n, NoteCode(n)))];

    /// <summary>Note codes, e.g. <c>excessTaoUnknown</c> (docs/metrics.md, "Notes"); empty when the figure has none.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static Figure From(Metric metric) =>
        new(metric.Low, metric.Base, metric.High, metric.HasValue ? null : Code(metric.Reason)) { Notes = Codes(metric.Notes) };

    /// <summary>The reason as a camelCase code, e.g. <c>noRevenueData</c> (docs/metrics.md lists them).</summary>
    public static string Code(MissingReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <summary>One note as its camelCase code, e.g. <c>immaterialRevenue</c>.</summary>
    public static string NoteCode(MetricNotes note) => JsonNamingPolicy.CamelCase.ConvertName(note.ToString());

    /// <summary>Each note set in <paramref name="notes"/> as a camelCase code, in flag order.</summary>
    public static IReadOnlyList<string> Codes(MetricNotes notes)
    {
        if (notes == MetricNotes.None)
        {
            return [];
        }

        var codes = new List<string>(2);
        foreach (var (flag, code) in NoteCodes)
        {
            if ((notes & flag) != 0)
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>
    /// The notes in words, "; "-separated, or null when there are none to say: an open high end already reads
    /// "open", so <c>highUnbounded</c> has no words. Fixed text (unknown codes stay codes), safe for Plotly labels.
    /// </summary>
    public string? NoteWords()
    {
        if (Notes.Count == 0)
        {
            return null;
        }

        var words = new List<string>(Notes.Count);
        foreach (var code in Notes)
        {
            var known = Enum.TryParse<MetricNotes>(code, ignoreCase: true, out var note) && Enum.IsDefined(note);
            if (!known || note != MetricNotes.HighUnbounded)
            {
                words.Add(known ? note.Describe() : code);
            }
        }

        return words.Count == 0 ? null : string.Join("; ", words);
    }

    /// <summary>The words of <paramref name="notes"/>, as <see cref="NoteWords()"/>.</summary>
    public static string? NoteWords(MetricNotes notes) =>
        notes == MetricNotes.None ? null : new Figure(null, null, null, null) { Notes = Codes(notes) }.NoteWords();

    public IEnumerable<CsvCell> Cells() =>
        [CsvCell.Number(Low), CsvCell.Number(Base), CsvCell.Number(High), CsvCell.Text(Reason), CsvCell.Text(string.Join(';', Notes))];

    public static IEnumerable<string> Columns(string name) => [$"{name}_low", $"{name}_base", $"{name}_high", $"{name}_reason", $"{name}_notes"];
}
