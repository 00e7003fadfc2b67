using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>Sends each request to its transaction.</summary>
public static class Dispatcher
{
    /// <summary>Handles one request; refusals are thrown as <see cref="MeshException"/>.</summary>
    public static async Task<Reply> HandleAsync(RequestContext context, MeshRequest request) => request switch
    {
        HelloRequest => HelloTransaction.Handle(context),
        ValidateRequest validate => AccountTransactions.Validate(context, validate),
        CreateRequest create => await AccountTransactions.CreateAsync(context, create).ConfigureAwait(false),
        GetRequest get => GetTransaction.Handle(context, get),
        PublishRequest publish => await PublishTransaction.HandleAsync(context, publish).ConfigureAwait(false),
        StatusRequest status => LogTransactions.Status(context, status),
        TransferRequest transfer => LogTransactions.Transfer(context, transfer),
        ConnectStartRequest start => await ConnectTransactions.StartAsync(context, start).ConfigureAwait(false),
        ConnectStatusRequest status => await ConnectTransactions.StatusAsync(context, status).ConfigureAwait(false),
        ConnectPendingRequest pending => await ConnectTransactions.PendingAsync(context, pending).ConfigureAwait(false),
        ConnectCompleteRequest complete => await ConnectTransactions.CompleteAsync(context, complete).ConfigureAwait(false),
        _ => throw new MeshException($"This portal does not handle {request.GetType().Name}."),
    };
}
