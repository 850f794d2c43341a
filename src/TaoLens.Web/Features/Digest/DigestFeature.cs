namespace TaoLens.Web.Features.Digest;

/// <summary>The weekly digest: composing and rendering (the page, the sender and the schedule build on these).</summary>
public static class DigestFeature
{
    public static IServiceCollection AddDigest(this IServiceCollection services) =>
        services.AddScoped<DigestComposer>().AddScoped<DigestRenderer>();
}
