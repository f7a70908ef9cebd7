/** Entry: mounts the app and registers the service worker (offline shell, installable). */
import { registerSW } from 'virtual:pwa-register';
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).mount('#app');
registerSW({ immediate: true });
