using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace TaoLens.Web.Features.Digest;

/// <summary>A digest rendered for mail: the HTML document (<c>DigestMail</c>) and its plain-text alternative.</summary>
public sealed record RenderedDigest(string Subject, string Html, string Text);

/// <summary>Renders <c>DigestMail</c> to a string with Blazor's <see cref="HtmlRenderer"/>, outside any request.</summary>
public sealed class DigestRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<RenderedDigest> RenderAsync(WeeklyDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<DigestMail>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(DigestMail.Digest)] = digest }));
            return output.ToHtmlString();
        });
        return new RenderedDigest(digest.Title, html, DigestText.Render(digest));
    }
}
