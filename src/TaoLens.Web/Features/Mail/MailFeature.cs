using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaoLens.Data.Accounts;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Mail;

/// <summary>
/// Mail over SMTP (<c>Mail:*</c>, checked at start) and the site's public address (<c>App:PublicBaseUrl</c>), which
/// also becomes the base of the links account pages print when <c>Accounts:PublicUrl</c> is not set.
/// </summary>
public static class MailFeature
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<AppOptions>().BindConfiguration("App")
            .Validate(o => o.PublicBaseUrl is null || (o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme is "http" or "https"),
                "App:PublicBaseUrl must be an absolute http(s) URL, e.g. https://taolens.example.com.")
            .ValidateOnStart();
        services.AddOptions<MailOptions>().BindConfiguration("Mail").ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddOptions<AccountsOptions>().PostConfigure<IOptions<AppOptions>>((accounts, app) => accounts.PublicUrl ??= app.Value.PublicBaseUrl);
        services.AddSingleton<MailSender>();
        // Singletons: Identity's endpoints resolve the sender from the root provider when they are mapped.
        services.AddSingleton<AccountMailer>();
        services.AddSingleton<IEmailSender<TaoLensUser>>(sp => sp.GetRequiredService<AccountMailer>());
        return services;
    }

    private sealed class MailOptionsValidator(IOptions<AppOptions> app) : IValidateOptions<MailOptions>
    {
        public ValidateOptionsResult Validate(string? name, MailOptions options)
        {
            var problems = options.Problems(app.Value);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
