namespace WorkOrders.Core.Attachments;

/// <summary>
/// Where the bytes of attachments live. The database holds who owns them; a store only puts, opens and deletes
/// by key. The file-system store is the default; an object store (S3-compatible) fits the same three calls
/// (docs/decisions/ADR-014-file-storage.md).
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the whole content under the key, or nothing: a reader never sees half a file.</summary>
    Task PutAsync(string key, Stream content, CancellationToken ct = default);

    /// <summary>The content, or null when there is nothing under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>Deletes the content if there is any; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}

/// <summary>Files under a folder (by default "files" in the data folder), one file per key.</summary>
public sealed class FileSystemFileStore(string root) : IFileStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside its final name and moved into place, so a failed write never leaves a partial file under the key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
            }
            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (!FileKeys.IsValid(key)) throw new ArgumentException($"'{key}' is not a storage key.", nameof(key));
        return Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
