package org.elasticsearch.plugins;

import java.util.ArrayList;
import java.util.List;

import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;

/**
 * Loads plugins from the classpath instead of a plugins directory. It lives in this
 * package because {@link PluginsService.LoadedPlugin} is package-private; the same
 * approach as Elasticsearch's own MockPluginsService in its test framework.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> plugins;

    public ClasspathPluginsService(Settings settings, PluginsLoader loader, List<Class<? extends Plugin>> classes) {
        super(settings, null, loader);
        plugins = new ArrayList<>(classes.size());
        for (Class<? extends Plugin> pluginClass : classes) {
            Plugin plugin = loadPlugin(pluginClass, settings, null);
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(), "classpath plugin", "NA", Build.current().version(), "17",
                pluginClass.getName(), null, List.of(), false, false, false, false);
            plugins.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader()));
        }
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return plugins;
    }
}
