namespace TaoLens.Ingestion;

/// <summary>
/// A source answered, but with something TaoLens will not store: a missing or renamed field, a negative or absurd
/// value, truncated or malformed bytes. The message names the source and the field; nothing from the run is written.
/// </summary>
public sealed class SourcePayloadException : Exception
{
    public SourcePayloadException()
    {
    }

    public SourcePayloadException(string message)
        : base(message)
    {
    }

    public SourcePayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
