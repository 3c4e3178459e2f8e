output "migrate_task_definition_arn" {
  description = "Task definition of the one-off migration (run after every apply)."
  value       = aws_ecs_task_definition.migrate.arn
}

output "cli_task_definition_arn" {
  description = "Task definition of the operator CLI (pnpm cli …) as a one-off task."
  value       = aws_ecs_task_definition.cli.arn
}

output "tracker_urls" {
  description = "Announce base URL of each tracker cell."
  value       = local.tracker_url
}

output "service_names" {
  description = "ECS service names: site, gateway, worker and one tracker-<cell> per cell."
  value = concat(
    [aws_ecs_service.site.name, aws_ecs_service.gateway.name, aws_ecs_service.worker.name],
    [for service in aws_ecs_service.tracker : service.name],
  )
}
