using Mesh.WitnessService;

// mesh-witness: a transparency-log witness (C2SP tlog-witness). See docs/transparency.md.
return await WitnessHost.RunAsync(args).ConfigureAwait(false);
