namespace TaoLens.Ingestion.Tests.Fixtures;

/// <summary>Files under Fixtures/ (see PROVENANCE.md there), copied beside the test assembly.</summary>
public static class Fixture
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}
