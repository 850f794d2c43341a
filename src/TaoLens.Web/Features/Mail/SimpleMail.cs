using System.Text;
using System.Text.Encodings.Web;

namespace TaoLens.Web.Features.Mail;

/// <summary>
/// The short mails about an account (reset link, invitation): a few paragraphs and one button, in HTML that mail
/// clients render without styles sheets or scripts, and the same words as plain text. Every value is encoded.
/// </summary>
public static class SimpleMail
{
    public static OutgoingMail Compose(string to, string subject, IReadOnlyList<string> paragraphs, string action, string link, string footer)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a\">");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        html.Append("<p><a href=\"").Append(Encode(link)).Append("\" style=\"display:inline-block;padding:8px 16px;background:#1f4e79;color:#ffffff;text-decoration:none;border-radius:4px\">")
            .Append(Encode(action)).Append("</a></p>")
            .Append("<p style=\"font-size:13px;color:#555555\">Or paste this address into your browser:<br>").Append(Encode(link)).Append("</p>")
            .Append("<p style=\"font-size:13px;color:#555555\">").Append(Encode(footer)).Append("</p></body></html>");

        var text = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        text.Append(action).Append(":\n").Append(link).Append("\n\n-- \n").Append(footer).Append('\n');
        return new OutgoingMail(to, subject, html.ToString(), text.ToString());
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
