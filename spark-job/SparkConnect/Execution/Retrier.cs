using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>Runs a unary call, retrying retryable failures with capped exponential backoff; other failures become <see cref="SparkConnectException"/>.</summary>
internal sealed class Retrier(RetryOptions options, SecretRedactor redactor)
{
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (RpcException error) when (RetryableErrors.IsRetryable(error) && attempt <= options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.BackoffFor(attempt), cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException error)
            {
                throw SparkErrorDecoder.Decode(error, operation, redactor);
            }
        }
    }
}
