namespace TaoLens.Data.Setup;

/// <summary>The database cannot be used; the message is one line that says what to install or set.</summary>
public class DatabaseStartupException : Exception
{
    public DatabaseStartupException()
    {
    }

    public DatabaseStartupException(string message)
        : base(message)
    {
    }

    public DatabaseStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
