using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>The Files API on in-memory Unity Catalog volumes: files, directories, HEAD, paging.</summary>
public sealed class FakeFiles
{
    public const string DefaultVolume = "/Volumes/main/default/handoff";

    private readonly object _gate = new();
    private readonly Dictionary<string, (byte[] Content, DateTimeOffset Modified)> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _volumes = new(StringComparer.Ordinal) { DefaultVolume };

    public int ListPageSize { get; set; } = 1000;

    public void AddVolume(string path)
    {
        lock (_gate)
        {
            _volumes.Add(path.TrimEnd('/'));
        }
    }

    public IReadOnlyDictionary<string, byte[]> Contents
    {
        get
        {
            lock (_gate)
            {
                return _files.ToDictionary(f => f.Key, f => f.Value.Content);
            }
        }
    }

    public void Put(string path, byte[] content)
    {
        lock (_gate)
        {
            _files[path] = (content, DateTimeOffset.UtcNow);
            AddParents(path);
        }
    }

    internal async Task<FakeReply> HandleFileAsync(HttpContext context, string path, RecordedRequest request)
    {
        await Task.CompletedTask;
        lock (_gate)
        {
            if (VolumeOf(path) is null)
            {
                return FakeReply.Error(404, "NOT_FOUND", $"Volume for path {path} does not exist.");
            }

            switch (request.Method)
            {
                case "PUT":
                    var overwrite = context.QueryValue("overwrite") is not "false";
                    if (!overwrite && _files.ContainsKey(path))
                    {
                        return FakeReply.Error(409, "ALREADY_EXISTS", $"The file being created already exists: {path}");
                    }

                    _files[path] = (request.Body, DateTimeOffset.UtcNow);
                    AddParents(path);
                    return FakeReply.Empty(204);
                case "HEAD":
                case "GET":
                    if (!_files.TryGetValue(path, out var file))
                    {
                        return request.Method == "HEAD" ? FakeReply.Empty(404) : FakeReply.NotFound($"The file {path} does not exist.");
                    }

                    return new FakeReply(200, request.Method == "HEAD" ? [] : file.Content, "application/octet-stream", new Dictionary<string, string>
                    {
                        ["Last-Modified"] = file.Modified.ToString("R", CultureInfo.InvariantCulture),
                        ["Content-Length"] = file.Content.Length.ToString(CultureInfo.InvariantCulture),
                    });
                case "DELETE":
                    return _files.Remove(path) ? FakeReply.Empty(204) : FakeReply.NotFound($"The file {path} does not exist.");
                default:
                    return FakeReply.Error(405, "METHOD_NOT_ALLOWED", request.Method);
            }
        }
    }

    internal FakeReply HandleDirectory(HttpContext context, string path, RecordedRequest request)
    {
        path = path.TrimEnd('/');
        lock (_gate)
        {
            var volume = VolumeOf(path);
            if (volume is null)
            {
                return request.Method == "HEAD" ? FakeReply.Empty(404) : FakeReply.Error(404, "NOT_FOUND", $"Volume for path {path} does not exist.");
            }

            switch (request.Method)
            {
                case "PUT":
                    _directories.Add(path);
                    AddParents(path);
                    return FakeReply.Empty(204);
                case "HEAD":
                    return path == volume || _directories.Contains(path) ? FakeReply.Empty(200) : FakeReply.Empty(404);
                case "GET":
                    if (path != volume && !_directories.Contains(path))
                    {
                        return FakeReply.NotFound($"The directory {path} does not exist.");
                    }

                    var prefix = path + "/";
                    var entries = _directories.Where(d => d.StartsWith(prefix, StringComparison.Ordinal) && !d[prefix.Length..].Contains('/'))
                        .Select(d => (JsonNode)new JsonObject { ["path"] = d, ["name"] = d[prefix.Length..], ["is_directory"] = true })
                        .Concat(_files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && !f.Key[prefix.Length..].Contains('/'))
                            .Select(f => (JsonNode)new JsonObject
                            {
                                ["path"] = f.Key,
                                ["name"] = f.Key[prefix.Length..],
                                ["is_directory"] = false,
                                ["file_size"] = f.Value.Content.Length,
                                ["last_modified"] = f.Value.Modified.ToUnixTimeMilliseconds(),
                            }))
                        .OrderBy(e => e!["name"]!.GetValue<string>(), StringComparer.Ordinal)
                        .ToList();
                    var offset = context.QueryValue("page_token") is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
                    var page = entries.Skip(offset).Take(ListPageSize).ToArray();
                    var result = new JsonObject { ["contents"] = new JsonArray(page) };
                    if (offset + page.Length < entries.Count)
                    {
                        result["next_page_token"] = (offset + page.Length).ToString(CultureInfo.InvariantCulture);
                    }

                    return FakeReply.Json(result);
                default:
                    return FakeReply.Error(405, "METHOD_NOT_ALLOWED", request.Method);
            }
        }
    }

    private string? VolumeOf(string path) => _volumes.FirstOrDefault(v => path == v || path.StartsWith(v + "/", StringComparison.Ordinal));

    private void AddParents(string path)
    {
        var volume = VolumeOf(path)!;
        for (var parent = path[..path.LastIndexOf('/')]; parent.Length > volume.Length; parent = parent[..parent.LastIndexOf('/')])
        {
            _directories.Add(parent);
        }
    }
}
