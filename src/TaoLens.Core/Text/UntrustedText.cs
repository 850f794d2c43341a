using System.Globalization;
using System.Text;

namespace TaoLens.Core.Text;

/// <summary>
/// Cleans text that comes from outside (chain identities, API fields, CSV cells) before it is stored:
/// control and bidi-override characters removed, whitespace trimmed, length capped on a character boundary.
/// It never makes text safe to execute; pages still encode it on output.
/// </summary>
public static class UntrustedText
{
    /// <summary>Decodes bytes as UTF-8 leniently (bad sequences become U+FFFD), then cleans them.</summary>
    public static string? FromUtf8(ReadOnlySpan<byte> bytes, int maxLength) =>
        Clean(Encoding.UTF8.GetString(bytes), maxLength);

    /// <summary>Returns null for null or blank input; otherwise the cleaned, capped text.</summary>
    public static string? Clean(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (value is null)
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var rune in value.EnumerateRunes())
        {
            if (IsRemoved(rune))
            {
                continue;
            }

            builder.Append(rune.ToString());
        }

        var cleaned = builder.ToString().Trim();
        if (cleaned.Length == 0)
        {
            return null;
        }

        return Cap(cleaned, maxLength);
    }

    /// <summary>Keeps a URL only when it is an absolute http or https URL; anything else (javascript:, data:, relative) is dropped.</summary>
    public static string? SafeUrl(string? value, int maxLength)
    {
        var cleaned = Clean(value, maxLength);
        if (cleaned is null || cleaned.Any(char.IsWhiteSpace))
        {
            return null;
        }

        return Uri.TryCreate(cleaned, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host)
                ? cleaned
                : null;
    }

    private static bool IsRemoved(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category == UnicodeCategory.Control)
        {
            // Newlines and tabs in descriptions are harmless, but they break one-line display; fold them away too.
            return true;
        }

        // Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C)
        // can make a name display as something it is not.
        var value = rune.Value;
        return value is >= 0x202A and <= 0x202E
            or >= 0x2066 and <= 0x2069
            or 0x200E or 0x200F or 0x061C
            or 0xFEFF;
    }

    // Caps by text elements so an emoji or a combining sequence is never cut in half.
    private static string Cap(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var enumerator = StringInfo.GetTextElementEnumerator(value);
        var end = 0;
        while (enumerator.MoveNext())
        {
            var next = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (next > maxLength)
            {
                break;
            }

            end = next;
        }

        return value[..end].TrimEnd();
    }
}
