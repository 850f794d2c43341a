namespace TaoLens.Web.Tests.Infrastructure;

/// <summary>A class fixture: one running app for a test class whose tests only read.</summary>
public abstract class AppFixture(bool referenceData) : IAsyncLifetime
{
    private TaoLensAppFactory? _app;

    public TaoLensAppFactory App => _app ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync() => _app = await TaoLensAppFactory.StartAsync(referenceData);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The app on an empty database.</summary>
public sealed class EmptyApp() : AppFixture(referenceData: false);

/// <summary>The app on the reference dataset.</summary>
public sealed class ReferenceApp() : AppFixture(referenceData: true);
