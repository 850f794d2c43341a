namespace TaoLens.Ingestion.Sources;

/// <summary>
/// The outermost handler of a source's client: marks the request once the resilience pipeline has returned a response,
/// so that a failure after that (HttpClient reading the body) is known to be in the body, not in the send.
/// </summary>
internal sealed class HeadersArrivedHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<bool> Key = new("TaoLens.HeadersArrived");

    public static bool Arrived(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var arrived) && arrived;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        request.Options.Set(Key, true);
        return response;
    }
}
