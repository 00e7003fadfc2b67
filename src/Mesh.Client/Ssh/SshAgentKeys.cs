using Mesh.Ssh;

namespace Mesh.Client.Ssh;

/// <summary>
/// The keys an agent offers: this device's SSH keys (<see cref="SshApplication.OpenKeyPairs"/>), opened
/// once and opened again only when the home changed (a sync brought a new version, a key was
/// added): signing then costs one signature, not a decryption of the profile. Only the SSH
/// application is opened; the password and mail applications are never decrypted here.
/// </summary>
public sealed class SshAgentKeys(MeshDevice device) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<SshKeyPair> _opened = [];
    private string? _stamp;
    private IReadOnlyList<SshAgentIdentity> _identities = [];

    /// <summary>The identities to offer now.</summary>
    public IReadOnlyList<SshAgentIdentity> Current()
    {
        lock (_lock)
        {
            var stamp = device.Home.ChangeStamp();
            if (stamp == _stamp) return _identities;
            var pairs = new SshApplication(device).OpenKeyPairs();
            // Replaced keys are not disposed here: a request on another connection may be signing with one.
            _opened.AddRange(pairs.Select(p => p.Key));
            _identities = [.. pairs.Select(p => new SshAgentIdentity(p.Key, p.Comment))];
            _stamp = stamp;
            return _identities;
        }
    }

    /// <summary>Releases every key opened.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var key in _opened) key.Dispose();
            _opened.Clear();
            _identities = [];
        }
    }
}
