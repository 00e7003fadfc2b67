using QRCoder;

namespace Mesh.Cli;

/// <summary>QR codes of short texts (a join URI), drawn with QRCoder: in a terminal, or as a PNG image.</summary>
internal static class QrCode
{
    /// <summary>The code in half-block characters, two modules a character, with its quiet zone, for a terminal.</summary>
    public static string Terminal(string text)
    {
        using var data = Encode(text);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n") + "\n";
    }

    /// <summary>The code as a PNG image, 10 pixels a module.</summary>
    public static byte[] Png(string text)
    {
        using var data = Encode(text);
        using var code = new PngByteQRCode(data);
        return code.GetGraphic(10);
    }

    // Medium error correction: a screen photographed at an angle still reads.
    private static QRCodeData Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
