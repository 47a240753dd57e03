public import Logging
import QingshanCore
public import QingshanStore

/// Opening the store the way every command does: migrate, and load the profile into an empty registry.
public enum StoreBootstrap {
    public static func prepare(_ store: any PlatformStore, config: AppConfig, logger: Logger) async throws {
        let applied = try await store.migrate()
        if !applied.isEmpty { logger.info("schema migrated", metadata: ["versions": "\(applied)"]) }
        // Before anything reads or writes a device: secrets sealed at rest, those still in clear sealed now.
        let sealed = try await store.useSecretKey(try SecretKeyFile.sealer(config), previous: nil)
        if sealed > 0 { logger.notice("device secrets sealed at rest", metadata: ["devices": "\(sealed)"]) }
        if try await store.isEmpty() {
            let profile = try config.profilePath.map(ProfileFile.read(path:)) ?? ProfileFile.builtIn()
            var withCatalogue = profile
            withCatalogue.parameters = ParameterCatalogue.standard.parameters + profile.parameters
            try await store.load(withCatalogue)
            logger.info(
                "profile loaded",
                metadata: [
                    "profile": "\(profile.name)", "regions": "\(profile.regions.count)", "sites": "\(profile.sites.count)",
                ])
        }
    }
}
