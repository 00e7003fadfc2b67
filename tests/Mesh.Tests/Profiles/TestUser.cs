using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Profiles;

/// <summary>A user with a master profile and devices, for tests of the chain of trust.</summary>
internal sealed class TestUser : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public MasterSecrets Master { get; }
    public List<DeviceSecrets> Devices { get; } = [];
    public SignedPersonalProfile Signed { get; private set; }

    public TestUser(int devices = 1)
    {
        Master = MasterSecrets.Create(Now);
        for (var i = 0; i < devices; i++) Devices.Add(DeviceSecrets.Create($"device {i}", Now));
        Signed = PersonalProfiles.Create(Master, Devices.Select(d => d.Profile), Now);
    }

    public byte[] Bytes => TaggedJson.Serialize(Signed);

    public VerifiedPersonalProfile Verify(VerifiedPersonalProfile? previous = null) =>
        ProfileVerifier.Verify(Bytes, previous, Now);

    public void Update(SignedPersonalProfile next) => Signed = next;

    public void Dispose()
    {
        Master.Dispose();
        foreach (var d in Devices) d.Dispose();
    }
}
