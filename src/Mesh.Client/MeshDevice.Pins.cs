// docs/connecting-devices.md: one-time PINs on the administering device.
using Mesh.Client.Home;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>The longest a PIN may stay valid.</summary>
    public static readonly TimeSpan MaxPinValidity = TimeSpan.FromDays(7);

    /// <summary>
    /// Issues a one-time PIN valid for <paramref name="validity"/>: remembers only the UDF of the key
    /// derived from it (<see cref="ConnectionPin"/>), its expiry and whether it has been used. A device
    /// that asks with it is accepted by this device's next <see cref="ListPendingAsync"/> (as
    /// <c>mesh sync</c> and <c>mesh device pending</c> run it). 401 unless this device holds the online key.
    /// </summary>
    public IssuedPinCode IssuePin(TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero || validity > MaxPinValidity)
            throw new ArgumentOutOfRangeException(nameof(validity), validity, $"A PIN is valid for a time between a minute and {MaxPinValidity.TotalDays} days.");
        _ = Account;
        _ = RequireMaster();
        var pin = ConnectionPin.Generate();
        var now = Clock.GetUtcNow();
        var expires = now + validity;
        var state = Home.ReadState();
        // PINs a day past their expiry can no longer be told apart from wrong ones usefully: forget them.
        var pins = (state.Pins ?? []).Where(p => p.Expires > now - TimeSpan.FromDays(1)).Append(new IssuedPin(ConnectionPin.KeyUdf(pin), expires, false));
        Home.WriteState(state with { Pins = [.. pins] });
        // The key that proves the PIN in the answer, kept secret; those of forgotten PINs go with them.
        var keys = Home.ReadPinAnswerKeys();
        var live = pins.Select(p => p.PinUdf).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in keys.Keys.Where(k => !live.Contains(k)).ToList()) keys.Remove(gone);
        keys[ConnectionPin.KeyUdf(pin)] = ConnectionPin.AnswerKey(pin);
        Home.WritePinAnswerKeys(keys);
        return new IssuedPinCode(pin, expires);
    }

    /// <summary>Whether this device has issued a PIN that is neither used nor expired (so pending requests are worth a look).</summary>
    public bool HasLivePins => Home.ReadState().Pins?.Any(p => !p.Used && p.Expires > Clock.GetUtcNow()) == true;
}
