namespace TaoLens.Testing;

/// <summary>Where the repository is, for tests that read its source files or write artifacts beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = LocateRepository();

    private static string LocateRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaoLens.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TaoLens.sln was not found above the test assembly.");
    }
}
