export { buttonClass, Card, Field, formatBytes, formatDuration, inputClass, Notice, PageTitle, secondaryButtonClass } from './components';
