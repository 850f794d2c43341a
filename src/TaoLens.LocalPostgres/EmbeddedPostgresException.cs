namespace TaoLens.LocalPostgres;

/// <summary>The embedded database could not start; the message is one line that says what to install or set.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException()
    {
    }

    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
