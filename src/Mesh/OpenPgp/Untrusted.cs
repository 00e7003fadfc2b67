// Turns the failures of BouncyCastle's OpenPGP parser (RFC 4880 section 4 packets) on untrusted
// bytes into the one error the Mesh core reports for bad input.

using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mesh.OpenPgp;

internal static class Untrusted
{
    /// <summary>Runs <paramref name="parse"/>; any exception it throws on malformed input becomes a <see cref="MeshException"/>.</summary>
    internal static T Parse<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (MeshException)
        {
            throw;
        }
        // A malformed packet surfaces as IOException or PgpException, but also as IndexOutOfRange,
        // InvalidCast, Argument, Arithmetic… from deep inside the parser: each one means bad input.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reason = e is PgpException or IOException ? e.Message : "malformed data";
            throw new MeshException(MeshStatus.BadRequest, $"The {what} is not valid OpenPGP: {reason}.", e);
        }
    }
}
