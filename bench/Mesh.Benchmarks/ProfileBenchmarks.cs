using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Benchmarks;

/// <summary>
/// Verifying a personal profile from its tagged-JSON bytes, with 1 to 40 devices and five
/// application entries (one of them the administration entry). With <see cref="ApplicationDevices.All"/>
/// every entry names every device in SignID and DecryptID (the administration entry in SignID
/// only); with <see cref="ApplicationDevices.One"/> each names only the first device, which
/// separates the cost of the devices from the cost of checking the entries' device names.
/// The "Per device" column is the mean over the number of devices; "Step per device" is the
/// increase from the previous device count divided by the devices added: constant when
/// verification is linear. Run with `--filter '*Profile*'`.
/// </summary>
[Config(typeof(PerDeviceConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class ProfileVerifyBenchmarks
{
    private const int Applications = 5;
    internal static readonly int[] DeviceCounts = [1, 2, 5, 10, 20, 40];
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private byte[] _profile = [];

    /// <summary>The number of devices in the profile.</summary>
    [ParamsSource(nameof(DeviceCountValues))]
    public int Devices { get; set; }

    public static IEnumerable<int> DeviceCountValues => DeviceCounts;

    /// <summary>Which devices the application entries name.</summary>
    [Params(ApplicationDevices.All, ApplicationDevices.One)]
    public ApplicationDevices Names { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var master = MasterSecrets.Create(Now);
        var devices = Enumerable.Range(0, Devices).Select(i => DeviceSecrets.Create($"device {i}", Now)).ToList();
        var ids = devices.Select(d => d.Identifier).Take(Names == ApplicationDevices.All ? Devices : 1).ToList();
        var applications = Enumerable.Range(1, Applications - 1)
            .Select(i => new ApplicationProfileEntry
            {
                Identifier = $"application {i}",
                Type = "PasswordProfile",
                SignID = ids,
                DecryptID = ids,
            })
            .Prepend(Administration.Entry(ids));
        var signed = PersonalProfiles.Create(master, devices.Select(d => d.Profile), Now, applications);
        _profile = TaggedJson.Serialize(signed);
        foreach (var device in devices) device.Dispose();
        // A profile that does not verify would measure the failure path.
        if (ProfileVerifier.Verify(_profile, null, Now).Devices.Count != Devices)
            throw new InvalidOperationException("The benchmark profile does not verify.");
    }

    [Benchmark]
    public VerifiedPersonalProfile Verify() => ProfileVerifier.Verify(_profile, null, Now);

    public sealed class PerDeviceConfig : ManualConfig
    {
        public PerDeviceConfig()
        {
            AddColumn(new PerDeviceColumn(step: false));
            AddColumn(new PerDeviceColumn(step: true));
        }
    }

    /// <summary>The mean divided by the devices, or its increase from the previous device count divided by the devices added.</summary>
    private sealed class PerDeviceColumn(bool step) : IColumn
    {
        public string Id => step ? "StepPerDevice" : "PerDevice";
        public string ColumnName => step ? "Step per device" : "Per device";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => step ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => step
            ? "(Mean - Mean at the previous device count) / (devices added)"
            : "Mean / Devices";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var devices = (int)benchmarkCase.Parameters[nameof(Devices)];
            if (Mean(summary, benchmarkCase) is not { } mean) return "-";
            if (!step) return Microseconds(mean / devices);
            var index = Array.IndexOf(DeviceCounts, devices);
            if (index <= 0) return "-";
            var names = benchmarkCase.Parameters[nameof(Names)];
            var previous = summary.BenchmarksCases.FirstOrDefault(c =>
                c.Descriptor.Equals(benchmarkCase.Descriptor) && Equals(c.Parameters[nameof(Names)], names)
                && (int)c.Parameters[nameof(Devices)] == DeviceCounts[index - 1]);
            if (previous is null || Mean(summary, previous) is not { } previousMean) return "-";
            return Microseconds((mean - previousMean) / (devices - DeviceCounts[index - 1]));
        }

        private static double? Mean(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Mean;

        private static string Microseconds(double nanoseconds) =>
            string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1000:F1} μs");
    }
}

/// <summary>Which devices the application entries of <see cref="ProfileVerifyBenchmarks"/> name.</summary>
public enum ApplicationDevices
{
    /// <summary>Every entry names every device.</summary>
    All,
    /// <summary>Every entry names the first device only.</summary>
    One,
}

/// <summary>
/// Creating a complete profile: the master secrets and signed master profile, one device with its
/// keys and signed device profile, and the personal profile that lists it. Run with `--filter '*Profile*'`.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class ProfileCreateBenchmarks
{
    // An instance field keeps Create an instance method, as BenchmarkDotNet expects (CA1822).
    private readonly DateTimeOffset _now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Benchmark]
    public SignedPersonalProfile Create()
    {
        using var master = MasterSecrets.Create(_now);
        using var device = DeviceSecrets.Create("device", _now);
        return PersonalProfiles.Create(master, [device.Profile], _now);
    }
}
