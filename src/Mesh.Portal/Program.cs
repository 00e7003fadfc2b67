using Mesh.Portal;

// mesh-portal: the Mesh portal service. See README.md and docs/protocol.md.
return await PortalHost.RunAsync(args).ConfigureAwait(false);
