using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Simulation.Cli.Commands;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Mutual TLS between the silos of a cluster and between its clients and gateways (<c>--tls-certificate FILE</c>,
/// a PKCS#12 file, with <c>--tls-password-file FILE</c> when it has a password). Every connection must present a
/// certificate; a remote certificate is accepted when it validates against the machine's trusted roots, or when it is
/// the very certificate this process holds (a cluster sharing one self-signed certificate, pinned by its SHA-256).
/// </summary>
public sealed class ClusterTls
{
    private readonly byte[] _pin;

    private ClusterTls(X509Certificate2 certificate)
    {
        Certificate = certificate;
        _pin = certificate.GetCertHash(HashAlgorithmName.SHA256);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The host name the certificate is issued to; clients check the gateway's certificate against it.</summary>
    public string Name => Certificate.GetNameInfo(X509NameType.DnsName, false) is { Length: > 0 } dns ? dns
        : Certificate.GetNameInfo(X509NameType.SimpleName, false);

    /// <summary>The TLS settings of the command line, or null without <c>--tls-certificate</c>.</summary>
    /// <exception cref="UsageException">A file is missing, unreadable, or the certificate cannot be loaded.</exception>
    internal static ClusterTls? From(Arguments a)
    {
        var path = a.Get("tls-certificate");
        if (path is null)
        {
            if (a.Has("tls-password-file")) throw new UsageException("--tls-password-file needs --tls-certificate");
            return null;
        }
        if (!File.Exists(path)) throw new UsageException($"option --tls-certificate: file '{path}' not found");
        string? password = null;
        if (a.Get("tls-password-file") is { } passwordFile)
        {
            if (!File.Exists(passwordFile)) throw new UsageException($"option --tls-password-file: file '{passwordFile}' not found");
            password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            // The message says what is wrong with the file (format, password); it never contains the password.
            throw new UsageException($"option --tls-certificate: '{path}' is not a PKCS#12 certificate this password opens ({e.Message})");
        }
        if (!certificate.HasPrivateKey)
            throw new UsageException($"option --tls-certificate: '{path}' holds no private key");
        return new ClusterTls(certificate);
    }

    /// <summary>Applies the settings to a silo's or a client's TLS options.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = Accept;
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = Name;
    }

    private bool Accept(X509Certificate2 remote, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || remote.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(_pin);
}
