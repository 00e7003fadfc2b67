namespace Mesh;

/// <summary>An <see cref="ArgumentException"/>'s message as a person should read it.</summary>
public static class ArgumentExceptionText
{
    /// <summary>The message without the " (Parameter 'name')" that .NET appends to it.</summary>
    public static string Reason(this ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", "", StringComparison.Ordinal);
    }
}
