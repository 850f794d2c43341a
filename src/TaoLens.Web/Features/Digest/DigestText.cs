using System.Globalization;
using System.Text;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Digest;

/// <summary>The digest's plain-text alternative: the same content as <c>DigestMail</c>, readable on its own.</summary>
public static class DigestText
{
    public static string Render(WeeklyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var text = new StringBuilder();
        text.AppendLine(digest.Title).AppendLine();
        if (digest.AsOf is { } asOf)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Figures as of {ValuationParameters.Text(asOf)} (the latest complete UTC day), each beside the same day a week before ({ValuationParameters.Text(digest.WeekAgo!.Value)}).");
        }
        else
        {
            text.AppendLine("TaoLens has no emission data yet, so there is nothing to compare this week. The digest fills in once the first day of data is complete.");
        }

        text.AppendLine().AppendLine("THE NETWORK").AppendLine(digest.Headline.Url);
        if (digest.Headline.WindowLabel is { } label)
        {
            text.AppendLine(label + ".");
        }

        foreach (var line in digest.Headline.Lines)
        {
            Line(text, "", line);
        }

        foreach (var section in digest.Sections)
        {
            // The view's name as given (upper-casing would change what the reader named it), underlined as a heading.
            text.AppendLine().AppendLine(section.Name).AppendLine(new string('-', Math.Min(section.Name.Length, 60))).AppendLine(section.Filters).AppendLine(section.Url);
            if (section.WindowLabel is { } sectionLabel)
            {
                text.AppendLine(sectionLabel + ".");
            }

            if (section.Note is { } note)
            {
                text.AppendLine(note);
            }

            if (section.Subnets.Count == 0)
            {
                text.AppendLine("No subnets match this view.");
            }

            foreach (var subnet in section.Subnets)
            {
                text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{subnet.Name}  {subnet.Url}");
                foreach (var line in new[] { subnet.Subsidy, subnet.Revenue, subnet.SubsidyToRevenue, subnet.PriceToSales })
                {
                    Line(text, "  ", line);
                }

                if (subnet.Trend.Length > 0)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  Subsidy per day, 8 days: {subnet.Trend}");
                }
            }

            if (section.More > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{section.More} more in the view: {section.Url}");
            }
        }

        if (digest.Movers.Count > 0)
        {
            text.AppendLine().AppendLine("BIGGEST MOVES OF THE WEEK");
            foreach (var mover in digest.Movers)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {mover.Name}: subsidy {mover.Subsidy.ChangeText}, now {mover.Subsidy.NowText} a year  {mover.Url}");
            }
        }

        text.AppendLine().AppendLine("REVENUE LEDGER THIS WEEK");
        if (digest.Ledger.Count == 0)
        {
            text.AppendLine("No new or corrected entries for the subnets you follow.");
        }

        foreach (var entry in digest.Ledger)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {entry.Subject}: {entry.What}, {entry.Amount} (entered {entry.EnteredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)  {entry.Url}");
        }

        text.AppendLine().AppendLine("DATA SOURCES");
        if (digest.Sources.Count == 0)
        {
            text.AppendLine("Every enabled source is up to date.");
        }

        foreach (var source in digest.Sources)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {source.Source}: {source.Problem}");
        }

        text.AppendLine().AppendLine("--").AppendLine("You receive this because you subscribed to the TaoLens weekly digest.")
            .AppendLine(CultureInfo.InvariantCulture, $"Change what it covers: {digest.PreferencesUrl}");
        if (digest.UnsubscribeUrl is { } unsubscribe)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Unsubscribe: {unsubscribe}");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string indent, DigestLine line)
    {
        text.Append(indent).Append(line.Label).Append(": ").Append(line.NowText).Append("; week: ").Append(line.ChangeText);
        if (line.NoteText is { } note)
        {
            text.Append(" (note: ").Append(note).Append(')');
        }

        text.AppendLine();
    }
}
